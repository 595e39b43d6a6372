/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lxvfs.h - LxVfs, the instance's own file-system layer: the map of module/vfs/.
 *
 *   node.c    FileSystem and VfsNode objects, attributes, permission checks
 *   mount.c   an instance's mount tree; mounting and unmounting
 *   walk.c    path walk: components, "..", symbolic links, mount crossing
 *   file.c    File objects over nodes: position, directory reading
 *   fifo.c    FIFO nodes opened by path: one pipe per node, Linux's open rules
 *   tmpfs.c   tmpfs: files in memory, with a size limit
 *   volfs.c   VolFs: files in a host directory tree, metadata in records
 *   drvfs.c   DrvFs: a host directory as it is, metadata from the host inode
 *   devices.c char devices lxcore implements (null, zero, full, random)
 *   gen.c     generated read-only trees: what devfs, procfs, sysfs are made of
 *   procfs.c  /proc
 *   devfs.c   /dev: device nodes and the links to /proc/self/fd
 *   devpts.c  a devfs's ptmx and pts/: a private host devpts per devfs
 *   sysfs.c   /sys: the few files ordinary tools read
 *
 * A pico process's paths resolve only here: a walk starts at the process's
 * root or cwd (or a directory handle), never leaves the instance's mount
 * tree ("..", symbolic links and mount points are all interpreted here,
 * never by the host), and reaches host files only through a file system
 * that wraps a host directory the instance was given (VolFs, DrvFs).
 */
#ifndef LXCORE_LXVFS_H
#define LXCORE_LXVFS_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/time64.h>
#include <linux/types.h>

#include "ntstatus.h"
#include "ob/ob.h"
#include "io/io.h"

struct lxvfs_node;
struct lxvfs_sb;
struct lxvfs_mount;
struct lxvfs_ns;
struct lxvfs_file;
struct kstatfs;

#define LXVFS_NAME_MAX	255
#define LXVFS_PATH_MAX	4096	/* with its NUL */
#define LXVFS_MAX_LINKS	40	/* symbolic links followed in one walk */

/* What a pico process's identity allows, for permission checks. */
struct lxvfs_cred {
	u32 fsuid;
	u32 fsgid;
	unsigned int ngroups;
	const u32 *groups;
	bool cap_dac_override;		/* root of the instance */
	bool cap_dac_read_search;
	bool cap_fowner;
	bool cap_chown;
	bool cap_fsetid;
	bool cap_mknod;
};

/* setattr: which io_stat fields change. */
#define LXVFS_SET_MODE	0x01
#define LXVFS_SET_UID	0x02
#define LXVFS_SET_GID	0x04
#define LXVFS_SET_SIZE	0x08
#define LXVFS_SET_ATIME	0x10
#define LXVFS_SET_MTIME	0x20
#define LXVFS_SET_CTIME	0x40

/*
 * What a file system does for its nodes. Names are one component (no '/',
 * not "." or ".."): LxVfs handles those. File systems lock what they need
 * (lxvfs_node.lock is theirs); LxVfs calls every operation unlocked. Checks
 * that do not depend on the file system (permissions, sticky bits, file
 * types of both sides of a rename) are LxVfs's.
 */
struct lxvfs_node_ops {
	/* Find @name in @dir: STATUS_OBJECT_NAME_NOT_FOUND if absent. */
	ntstatus (*lookup)(struct lxvfs_node *dir, const char *name,
			   unsigned int len, struct lxvfs_node **out);
	/* The directory that holds @dir (never called on a file system's root). */
	ntstatus (*parent)(struct lxvfs_node *dir, struct lxvfs_node **out);
	ntstatus (*getattr)(struct lxvfs_node *n, struct io_stat *attr);
	ntstatus (*setattr)(struct lxvfs_node *n, const struct io_stat *attr,
			    unsigned int mask);
	/* A symbolic link's target, not NUL-terminated; *@len in: room, out: used. */
	ntstatus (*readlink)(struct lxvfs_node *n, char *buf, size_t *len);
	/*
	 * Open @n (not a directory: LxVfs serves those) for @vf, a file being
	 * opened with IO_FILE_* @flags: set vf->ops (the File object's
	 * operations, kind IO_KIND_VFS, getattr may be NULL) and vf->private.
	 */
	ntstatus (*open)(struct lxvfs_node *n, struct lxvfs_file *vf, unsigned int flags);
	/* The node's last reference went: release its info. */
	void (*evict)(struct lxvfs_node *n);
	/* Undo open (the File object is going): release vf->private. */
	void (*release)(struct lxvfs_node *n, struct lxvfs_file *vf);
	/*
	 * Make @name in @dir: @attr gives type, mode, uid, gid, rdev;
	 * @target the symbolic link's target (S_IFLNK only).
	 */
	ntstatus (*create)(struct lxvfs_node *dir, const char *name,
			   unsigned int len, const struct io_stat *attr,
			   const char *target, struct lxvfs_node **out);
	/*
	 * link: a node without a name (nlink 0) gets one only if it was made
	 * by tmpfile with @linkable (O_TMPFILE without O_EXCL), once.
	 */
	ntstatus (*link)(struct lxvfs_node *dir, const char *name, unsigned int len,
			 struct lxvfs_node *target);
	/*
	 * O_TMPFILE: a regular file of @dir's file system with no name
	 * (nlink 0), @attr as create's (NULL op: EOPNOTSUPP).
	 */
	ntstatus (*tmpfile)(struct lxvfs_node *dir, const struct io_stat *attr,
			    bool linkable, struct lxvfs_node **out);
	/* Remove @name (@victim, looked up): a directory must be empty. */
	ntstatus (*unlink)(struct lxvfs_node *dir, const char *name,
			   unsigned int len, struct lxvfs_node *victim);
	/* Rename within one file system; flags: RENAME_NOREPLACE, RENAME_EXCHANGE. */
	ntstatus (*rename)(struct lxvfs_node *odir, const char *oname,
			   unsigned int olen, struct lxvfs_node *ndir,
			   const char *nname, unsigned int nlen,
			   unsigned int flags);
	/*
	 * Entries from position *@pos on (0 is the start), "." and ".."
	 * included; *@pos advances past each entry @fill accepts.
	 */
	ntstatus (*readdir)(struct lxvfs_node *dir, loff_t *pos, io_filldir_t fill,
			    void *ctx);
	/*
	 * Regular files whose data is a host file (tmpfs, VolFs): that host
	 * file, referenced, readable, for exec (NULL: no host file; EACCES).
	 */
	struct file *(*host_file)(struct lxvfs_node *n);
	/*
	 * mmap: the host file holding the data of @vf, an open regular file
	 * of @n, referenced, opened for exactly @flags' access (IO_FILE_READ,
	 * IO_FILE_WRITE), so the host's mmap and mprotect checks of f_mode
	 * are those of the File object (NULL: no mapping, ENODEV).
	 */
	struct file *(*map_file)(struct lxvfs_node *n, struct lxvfs_file *vf,
				 unsigned int flags);
};

/* What a file system type does for a mounted instance of it. */
struct lxvfs_fs_ops {
	const char *name;		/* "tmpfs", "volfs", ... */
	void (*kill)(struct lxvfs_sb *sb);	/* the last reference went */
	/* The last mount went (nodes of open files may remain): drop caches. */
	void (*unmounted)(struct lxvfs_sb *sb);
	ntstatus (*statfs)(struct lxvfs_sb *sb, struct kstatfs *st);
};

/**
 * struct lxvfs_sb - the body of a FileSystem object: one mounted file system
 * @ops: the file system's operations
 * @root: its root directory (referenced until its last mount goes)
 * @mounts: mounts that show it
 * @dev: st_dev of its nodes
 * @next_ino: inode numbers for file systems that make their own
 * @fifo_lock: protects @fifos
 * @fifos: the pipes of its FIFO nodes open now (fifo.c)
 * @notify_watches: watched nodes of this file system (io/inotify.c)
 * @info: the file system's own state
 */
struct lxvfs_sb {
	const struct lxvfs_fs_ops *ops;
	struct lxvfs_node *root;
	atomic_t mounts;
	u64 dev;
	atomic64_t next_ino;
	struct mutex fifo_lock;
	struct list_head fifos;
	atomic_t notify_watches;
	void *info;
};

/**
 * struct lxvfs_node - the body of a VfsNode object: a file of a file system
 * @sb: its file system (referenced)
 * @ops: its operations
 * @ino: its inode number: with @sb, what identifies it (mount points)
 * @type: S_IFMT bits, fixed
 * @flags: LXVFS_NODE_*, fixed
 * @lock: the file system's, for the node's state
 * @info: the file system's own state
 */
struct lxvfs_node {
	struct lxvfs_sb *sb;
	const struct lxvfs_node_ops *ops;
	u64 ino;
	u32 type;
	u32 flags;
	struct mutex lock;
	void *info;
};

/*
 * A magic link: a link whose target is a file, not a path (/proc/<pid>/fd/N,
 * cwd, root, exe); LxVfs writes it as a path, but openat2's
 * RESOLVE_NO_MAGICLINKS and scoped walks treat it as Linux does.
 */
#define LXVFS_NODE_MAGIC_LINK	0x01

extern struct ob_type lxvfs_sb_type;
extern struct ob_type lxvfs_node_type;

ntstatus lxvfs_sb_create(const struct lxvfs_fs_ops *ops, void *info,
		       struct lxvfs_sb **out);
/* Drop a file system that was never mounted, and its root. */
void lxvfs_sb_abandon(struct lxvfs_sb *sb);
/* A new node of @sb (one reference); @ino 0: the next of sb->next_ino. */
ntstatus lxvfs_node_create(struct lxvfs_sb *sb, const struct lxvfs_node_ops *ops,
			 u32 type, u64 ino, void *info, struct lxvfs_node **out);

/* May @cred access @attr's file with MAY_READ/MAY_WRITE/MAY_EXEC @mask? */
ntstatus lxvfs_permission(const struct io_stat *attr, const struct lxvfs_cred *cred,
			int mask);

/* ---- paths and mounts (mount.c) ---- */


/* A place in an instance's tree: both members referenced. */
struct lxvfs_path {
	struct lxvfs_mount *mnt;
	struct lxvfs_node *node;
};

void lxvfs_path_get(const struct lxvfs_path *p);
void lxvfs_path_put(struct lxvfs_path *p);
static inline bool lxvfs_path_equal(const struct lxvfs_path *a, const struct lxvfs_path *b)
{
	return a->mnt == b->mnt && a->node->ino == b->node->ino &&
	       a->node->sb == b->node->sb;
}

/* An instance's mount tree (one per instance). */
struct lxvfs_ns *lxvfs_ns_create(void);
void lxvfs_ns_destroy(struct lxvfs_ns *ns);
/* The tree's root, referenced; STATUS_OBJECT_PATH_NOT_FOUND before a root mount. */
ntstatus lxvfs_ns_root(struct lxvfs_ns *ns, struct lxvfs_path *out);

/**
 * lxvfs_mount() - mount @sb at @where (NULL: as the root of the tree)
 * Return: STATUS_SUCCESS, STATUS_OBJECT_NAME_COLLISION (root exists),
 * STATUS_NOT_A_DIRECTORY.
 */
ntstatus lxvfs_mount(struct lxvfs_ns *ns, struct lxvfs_sb *sb, const struct lxvfs_path *where);

/* If @p is a mount point, the mounted root (referenced) in *@p. */
bool lxvfs_follow_mount(struct lxvfs_ns *ns, struct lxvfs_path *p);
/* The mount point under @mnt's root, or false for the tree's root. */
bool lxvfs_mount_parent(struct lxvfs_ns *ns, struct lxvfs_mount *mnt, struct lxvfs_path *out);
bool lxvfs_is_mount_root(const struct lxvfs_path *p);
struct seq_buf;
void lxvfs_ns_show_mounts(struct lxvfs_ns *ns, const struct lxvfs_path *root,
			  struct seq_buf *s);
struct lxvfs_sb *lxvfs_mount_sb(const struct lxvfs_mount *mnt);

/* ---- walks (walk.c) ---- */

#define LXVFS_WALK_FOLLOW		0x01	/* follow a final symbolic link */
#define LXVFS_WALK_DIRECTORY	0x02	/* the result must be a directory */
#define LXVFS_WALK_EMPTY		0x04	/* "" names the start (AT_EMPTY_PATH) */
/* openat2's RESOLVE_* (IN_ROOT, BENEATH: the caller sets root = start). */
#define LXVFS_WALK_NO_XDEV		0x08	/* crossing a mount: EXDEV */
#define LXVFS_WALK_NO_MAGICLINKS	0x10	/* a magic link (/proc/<pid>/fd/N): ELOOP */
#define LXVFS_WALK_NO_SYMLINKS	0x20	/* any link followed: ELOOP */
#define LXVFS_WALK_BENEATH		0x40	/* "/", ".." above the start: EXDEV */
#define LXVFS_WALK_IN_ROOT		0x80	/* the start is the root */
#define LXVFS_WALK_RESOLVE		(LXVFS_WALK_NO_XDEV | LXVFS_WALK_NO_MAGICLINKS | \
					 LXVFS_WALK_NO_SYMLINKS | LXVFS_WALK_BENEATH | \
					 LXVFS_WALK_IN_ROOT)
#define LXVFS_WALK_SCOPED		(LXVFS_WALK_BENEATH | LXVFS_WALK_IN_ROOT)

struct lxvfs_walk {
	struct lxvfs_ns *ns;
	struct lxvfs_path root;		/* the process's root: ".." stops here */
	struct lxvfs_path start;		/* relative paths start here */
	const struct lxvfs_cred *cred;
	unsigned int flags;
};

/**
 * lxvfs_walk() - resolve @path (NUL-terminated, < LXVFS_PATH_MAX)
 * @w: where the walk starts and what it may do
 * @path: absolute or relative
 * @out: the result, referenced
 *
 * Return: STATUS_SUCCESS or the walk's error (not found, not a directory,
 * access denied (search permission), too many links, name too long).
 */
ntstatus lxvfs_walk(const struct lxvfs_walk *w, const char *path, struct lxvfs_path *out);

/**
 * lxvfs_walk_parent_name() - resolve all but the last component of @path
 * @parent: the directory, referenced
 * @last: the last component, copied (LXVFS_NAME_MAX + 1 bytes); empty for
 *	"/" (and for paths ending in "." or ".." it is that name)
 * @trailing_slash: the path ended with '/'
 */
ntstatus lxvfs_walk_parent_name(const struct lxvfs_walk *w, const char *path,
			      struct lxvfs_path *parent, char *last,
			      bool *trailing_slash);

ntstatus lxvfs_getattr(const struct lxvfs_path *p, struct io_stat *attr);

/* A new node's attributes start from these (mode includes the type). */
void lxvfs_attr_init(struct io_stat *attr, u32 mode, const struct lxvfs_cred *cred);

/* The path of @p from the walk's root, into @buf ("/a/b"). */
ntstatus lxvfs_path_name(struct lxvfs_ns *ns, const struct lxvfs_path *root,
		       const struct lxvfs_path *p, char *buf, size_t len,
		       size_t *used);

/* ---- open files (file.c) ---- */

/**
 * struct lxvfs_file - the context of a File object opened through LxVfs
 * @path: what was opened (referenced)
 * @ops: the File object's operations (the file system's, or LxVfs's for
 *	directories and O_PATH)
 * @private: the file system's state for this open file
 */
struct lxvfs_file {
	struct lxvfs_path path;
	const struct io_file_ops *ops;
	void *private;
};

/**
 * lxvfs_open() - a File object for @p
 * @flags: IO_FILE_* (IO_FILE_PATH: no I/O, any file type)
 * Return: STATUS_SUCCESS, STATUS_FILE_IS_A_DIRECTORY (a directory for
 * writing), or the file system's error.
 */
ntstatus lxvfs_open(const struct lxvfs_path *p, unsigned int flags, struct io_file **out);
/* The LxVfs file behind @f, or NULL if @f is not one. */
struct lxvfs_file *lxvfs_file_of(struct io_file *f);
/* For the io_file_ops a file system gives: release and getattr. */
void lxvfs_file_release_op(struct io_file *f);
ntstatus lxvfs_file_getattr_op(struct io_file *f, struct io_stat *st);

/**
 * lxvfs_file_host_file() - the host file behind an open LxVfs regular file
 * @f: any File object
 *
 * For mmap and the ELF loader: the host struct file that holds @f's data
 * (tmpfs: a file on its shmem inode; VolFs, DrvFs: the backing file),
 * referenced (fput() it), whose f_mode carries exactly @f's access, so a
 * mapping of it can never write what @f could not.
 *
 * Return: the file, or ERR_PTR(-ENODEV) (not an LxVfs regular file:
 * directories, devices, pipes, O_PATH files, generated files), or the
 * host's error opening it.
 */
struct file *lxvfs_file_host_file(struct io_file *f);

/* ---- FIFOs (fifo.c) ---- */

ntstatus lxvfs_open_fifo(const struct lxvfs_path *p, unsigned int flags,
			 struct io_file **out);

/* ---- a process's root, cwd and umask (fs.c) ---- */

/*
 * Shared by the tasks of a process and by CLONE_FS children, copied by
 * fork, as Linux's fs_struct. An empty root (mnt NULL): the instance had
 * nothing mounted when the process entered; every path is then ENOENT.
 */
struct lxvfs_fs {
	refcount_t users;
	spinlock_t lock;
	struct lxvfs_path root;
	struct lxvfs_path cwd;
	u32 umask;
};

struct lxvfs_fs *lxvfs_fs_create(struct lxvfs_ns *ns);
struct lxvfs_fs *lxvfs_fs_copy(struct lxvfs_fs *fs);
void lxvfs_fs_get(struct lxvfs_fs *fs);
void lxvfs_fs_put(struct lxvfs_fs *fs);
/* Referenced copies of the root / the cwd; false if there is no root. */
bool lxvfs_fs_root(struct lxvfs_fs *fs, struct lxvfs_path *out);
bool lxvfs_fs_cwd(struct lxvfs_fs *fs, struct lxvfs_path *out);
void lxvfs_fs_set_cwd(struct lxvfs_fs *fs, const struct lxvfs_path *p);
void lxvfs_fs_set_root(struct lxvfs_fs *fs, const struct lxvfs_path *p);

/* ---- file system types (fstype.c) ---- */

/* What LXSS_IOC_MOUNT passes to a file system type. */
struct lxvfs_mount_args {
	struct file *source;	/* a host directory (referenced), or NULL */
	u64 size_limit;		/* bytes (tmpfs); 0: the type's default */
	u32 mode;		/* the root directory's permission bits */
	u32 uid;		/* its owner */
	u32 gid;
	u32 flags;		/* LXSS_MOUNT_* the type accepts (DrvFs: METADATA) */
	void *instance;		/* the struct ps_instance (procfs lists its tasks) */
};

struct lxvfs_fs_type {
	const char *name;
	bool needs_source;	/* source_fd must name a host directory */
	u32 flags;		/* the LXSS_MOUNT_* flags it accepts */
	ntstatus (*create)(const struct lxvfs_mount_args *args, struct lxvfs_sb **out);
};

/* The type called @name, or NULL. */
const struct lxvfs_fs_type *lxvfs_find_fs_type(const char *name);

/* ---- tmpfs (tmpfs.c) ---- */

ntstatus lxvfs_tmpfs_create(u64 size_limit, u32 root_mode, u32 uid, u32 gid,
			  struct lxvfs_sb **out);
ntstatus lxvfs_tmpfs_mount(const struct lxvfs_mount_args *args, struct lxvfs_sb **out);

/* ---- VolFs (volfs.c) and DrvFs (drvfs.c) ---- */

/*
 * volfs.c serves both over a host directory tree: VolFs keeps every file's
 * metadata in records; DrvFs derives it from the host inode (drvfs.c's
 * policy), with the metadata option from a record when the file has one.
 */
enum lxvfs_volfs_kind {
	LXVFS_VOLFS,
	LXVFS_DRVFS,
	LXVFS_DRVFS_META,
};

struct volfs_meta;
struct vfsmount;
struct dentry;
struct inode;
struct path;

ntstatus lxvfs_volfs_mount(const struct lxvfs_mount_args *args, struct lxvfs_sb **out);
ntstatus lxvfs_volfs_mount_kind(const struct lxvfs_mount_args *args,
				enum lxvfs_volfs_kind kind, struct lxvfs_sb **out);
ntstatus lxvfs_drvfs_mount(const struct lxvfs_mount_args *args, struct lxvfs_sb **out);
/* inotify: the host inode of a DrvFs node (NULL for any other node). */
struct inode *lxvfs_drvfs_host_inode(struct lxvfs_node *n);
/* What volfs.c asks of DrvFs (with the owner's credentials). */
void lxvfs_drvfs_host_meta(struct inode *inode, u32 uid, u32 gid, struct volfs_meta *m);
bool lxvfs_drvfs_has_record(struct vfsmount *mnt, struct dentry *d);
int lxvfs_drvfs_read_host_link(struct dentry *d, char *buf, size_t *len);
ntstatus lxvfs_drvfs_setattr(struct vfsmount *mnt, const struct path *p,
			     const struct volfs_meta *m, const struct io_stat *attr,
			     unsigned int mask);
/* ---- devices (devices.c) ---- */

ntstatus lxvfs_open_device(const struct lxvfs_path *p, u64 rdev, unsigned int flags,
			   struct io_file **out);
/* Is @f an open /dev/zero (whose mappings are anonymous memory)? */
bool lxvfs_file_is_zero(const struct io_file *f);

/* ---- a devfs's ptys (devpts.c) ---- */

struct lxvfs_devpts;
struct file;
ntstatus lxvfs_devpts_create(struct lxvfs_devpts **out);
void lxvfs_devpts_destroy(struct lxvfs_devpts *dp);
bool lxvfs_devpts_lookup(struct lxvfs_devpts *dp, unsigned long index, u32 *uid);
bool lxvfs_devpts_next(struct lxvfs_devpts *dp, unsigned long *index);
ntstatus lxvfs_devpts_open(struct lxvfs_devpts *dp, struct lxvfs_node *node, u64 rdev,
			   unsigned int flags, struct io_file **out);
ntstatus lxvfs_devpts_peer(struct file *master, int oflags, struct io_file **out);
void lxvfs_devpts_publish(struct lxvfs_devpts *dp, struct lxvfs_sb *sb);
struct seq_buf;
bool lxvfs_devpts_file_stat(struct file *filp, struct io_stat *st);
bool lxvfs_devpts_file_name(struct file *filp, struct seq_buf *s);
/* The ptys of @sb if it is a devfs, else NULL. */
struct lxvfs_devpts *lxvfs_devfs_ptys(struct lxvfs_sb *sb);
/* Inode numbers of a devfs's /dev/pts/@index and /dev/ptmx. */
u64 lxvfs_devfs_pts_ino(unsigned long index);
u64 lxvfs_devfs_ptmx_ino(void);
#define LXVFS_TTY_GID	5	/* Linux's group tty: pty slaves' group */

/* ---- generated trees (gen.c): devfs, procfs, sysfs are made of them ---- */

struct seq_buf;

/*
 * One name of a generated tree. Directories list @children (ended by an
 * entry without a name) and, when @dyn_* are set, names made at run time
 * (procfs's pids). Nodes are made at each lookup and hold their parent, so
 * a tree costs nothing while nobody looks at it.
 * @mode: type and permission bits
 * @rdev: char devices: new_encode_dev()
 * @show: regular files: the content, made at open time
 * @link: symbolic links: the target, made at readlink time
 * @dyn_lookup: find @name: its @id (given to the node and its descendants)
 *	and its entry
 * @dyn_next: the first run-time name whose id is >= *@id: its entry, with
 *	*@id and @name (LXVFS_NAME_MAX + 1) set; false when there is none
 * @owner: set @attr's uid and gid (NULL: root's)
 * @magic: a magic link (LXVFS_NODE_MAGIC_LINK)
 */
struct lxvfs_gen_entry {
	const char *name;
	u32 mode;
	u64 rdev;
	const struct lxvfs_gen_entry *children;
	ntstatus (*show)(struct lxvfs_node *n, struct seq_buf *s);
	ntstatus (*link)(struct lxvfs_node *n, struct seq_buf *s);
	ntstatus (*dyn_lookup)(struct lxvfs_node *dir, const char *name, unsigned int len,
			       long *id, const struct lxvfs_gen_entry **e);
	bool (*dyn_next)(struct lxvfs_node *dir, long *id, char *name,
			 const struct lxvfs_gen_entry **e);
	void (*owner)(struct lxvfs_node *n, struct io_stat *attr);
	bool magic;
};

/* A generated file system: @root's tree, @info the file system's own. */
ntstatus lxvfs_gen_create(const struct lxvfs_fs_ops *ops, const struct lxvfs_gen_entry *root,
			  void *info, struct lxvfs_sb **out);
/* The id of @n (0 above any run-time name). */
long lxvfs_gen_id(struct lxvfs_node *n);
/* The inode number of entry @e under run-time id @id (stable). */
u64 lxvfs_gen_ino(const struct lxvfs_gen_entry *e, long id);
struct lxvfs_node *lxvfs_gen_parent(struct lxvfs_node *n);

ntstatus lxvfs_devfs_mount(const struct lxvfs_mount_args *args, struct lxvfs_sb **out);
ntstatus lxvfs_procfs_mount(const struct lxvfs_mount_args *args, struct lxvfs_sb **out);
/* The LxVfs names of host files mapped into pico processes (procfs.c: maps). */
struct ps_exe;
struct mm_struct;
void lxvfs_map_name_exe(struct file *file, struct mm_struct *mm, struct ps_exe *x);
void lxvfs_map_name_path(struct file *file, struct mm_struct *mm, const struct lxvfs_path *p);
void lxvfs_map_names_exit(void);
ntstatus lxvfs_sysfs_mount(const struct lxvfs_mount_args *args, struct lxvfs_sb **out);

/* ---- inotify events (io/inotify.c) ---- */

/*
 * The hooks LxVfs operations call once they succeeded. Each costs one
 * atomic read while the node's file system has no watch.
 */
void lxvfs_notify_slow(struct lxvfs_node *n, u32 mask);
void lxvfs_notify_create_slow(struct lxvfs_node *dir, const char *name,
			      struct lxvfs_node *n, bool link);
void lxvfs_notify_delete_slow(struct lxvfs_node *dir, const char *name,
			      struct lxvfs_node *n);
void lxvfs_notify_move_slow(struct lxvfs_node *odir, const char *oname,
			    struct lxvfs_node *ndir, const char *nname,
			    struct lxvfs_node *n, struct lxvfs_node *target);
void lxvfs_notify_change_slow(struct lxvfs_node *n, unsigned int set);

static inline bool lxvfs_watched(const struct lxvfs_sb *sb)
{
	return unlikely(atomic_read(&sb->notify_watches));
}

/* IN_ACCESS, IN_MODIFY, IN_OPEN, IN_CLOSE_*: to @n's and its directories' watches. */
static inline void lxvfs_notify(struct lxvfs_node *n, u32 mask)
{
	if (lxvfs_watched(n->sb))
		lxvfs_notify_slow(n, mask);
}

/* @n made as @name in @dir (@link: a new name of an existing node). */
static inline void lxvfs_notify_create(struct lxvfs_node *dir, const char *name,
				       struct lxvfs_node *n, bool link)
{
	if (lxvfs_watched(dir->sb))
		lxvfs_notify_create_slow(dir, name, n, link);
}

/* @n, removed as @name from @dir (unlink, rmdir). */
static inline void lxvfs_notify_delete(struct lxvfs_node *dir, const char *name,
				       struct lxvfs_node *n)
{
	if (lxvfs_watched(dir->sb))
		lxvfs_notify_delete_slow(dir, name, n);
}

/* rename: @n from @oname in @odir to @nname in @ndir, over @target (or NULL). */
static inline void lxvfs_notify_move(struct lxvfs_node *odir, const char *oname,
				     struct lxvfs_node *ndir, const char *nname,
				     struct lxvfs_node *n, struct lxvfs_node *target)
{
	if (lxvfs_watched(odir->sb))
		lxvfs_notify_move_slow(odir, oname, ndir, nname, n, target);
}

/* setattr of @n with LXVFS_SET_* @set. */
static inline void lxvfs_notify_change(struct lxvfs_node *n, unsigned int set)
{
	if (lxvfs_watched(n->sb))
		lxvfs_notify_change_slow(n, set);
}

int lxvfs_init(void);
void lxvfs_exit(void);

#endif /* LXCORE_LXVFS_H */
