// SPDX-License-Identifier: GPL-2.0
/*
 * lx_tty.h - lx's side of an interactive run: a host pty pair whose slave
 * becomes the session's terminal, the caller's terminal in raw mode
 * (restored on every way out, signals included), and the relay between them.
 */
#ifndef LX_TTY_H
#define LX_TTY_H

/**
 * lx_tty_open() - a pty pair shaped like the terminal on fd 0 (modes, size)
 * Return: 0 with *@master and *@slave set (close-on-exec), or -1/errno.
 */
int lx_tty_open(int *master, int *slave);

/** lx_tty_raw() - fd 0 in raw mode until lx_tty_restore() or exit; 0 or -1/errno */
int lx_tty_raw(void);

/** lx_tty_restore() - the terminal modes lx found; async-signal-safe */
void lx_tty_restore(void);

/**
 * lx_tty_relay() - copy fd 0 -> @master and @master -> fd 1 until @sock is
 * readable (the session's end is there) or fails; SIGWINCH resizes @master.
 * Return: 0 when @sock is readable, -1/errno otherwise.
 */
int lx_tty_relay(int master, int sock);

#endif /* LX_TTY_H */
