#ifndef TEAMWORK_CNCURSES_SHIM_H
#define TEAMWORK_CNCURSES_SHIM_H
// Swift 6 cannot use ncurses' mutable globals (stdscr, LINES, COLS) or its macros
// (COLOR_PAIR, A_BOLD, …) directly: these static inline wrappers make them callable.
//
// The signal/terminal-restore state below lives in `static` variables of this header.
// Swift emits imported static functions once per object file that uses them, so each
// object gets its own copy of that state: only ONE Swift file (NcursesScreen.swift) may
// call the tw_* functions that touch it (tw_install_*, tw_restore_*, tw_set_active,
// tw_pending_signal, tw_set_pending_signal, tw_wait_input, tw_is_active).
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <signal.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline WINDOW *tw_stdscr(void) { return stdscr; }
static inline WINDOW *tw_curscr(void) { return curscr; }
static inline FILE *tw_stdin(void) { return stdin; }
static inline FILE *tw_stdout(void) { return stdout; }
static inline int tw_lines(void) { return LINES; }
static inline int tw_cols(void) { return COLS; }
static inline int tw_colors(void) { return COLORS; }
static inline int tw_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t tw_a_bold(void) { return A_BOLD; }
static inline attr_t tw_a_reverse(void) { return A_REVERSE; }
static inline attr_t tw_a_underline(void) { return A_UNDERLINE; }
static inline attr_t tw_a_dim(void) { return A_DIM; }
static inline attr_t tw_a_normal(void) { return A_NORMAL; }
static inline int tw_key_resize(void) { return KEY_RESIZE; }
static inline int tw_key_code_yes(void) { return KEY_CODE_YES; }
static inline int tw_key_f(int n) { return KEY_F(n); }
int wcwidth(wchar_t c);
static inline int tw_wcwidth(wchar_t c) { return wcwidth(c); }
static inline int tw_err(void) { return ERR; }
static inline int tw_ok(void) { return OK; }
static inline const char *tw_codeset(void) { return nl_langinfo(CODESET); }
static inline int tw_set_locale_from_environment(void) { return setlocale(LC_ALL, "") != NULL; }

/// Draws one (possibly wide) character with attributes and colour pair at (y, x).
/// Returns -2 when the text cannot form a cell (setcchar fails), otherwise mvadd_wch's
/// result (which is ERR in the bottom-right corner even though the cell is drawn).
static inline int tw_put(int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, pair, NULL) != OK) return -2;
    return mvadd_wch(y, x, &cell);
}

static inline int tw_get_wch(wint_t *out) { return get_wch(out); }

// MARK: - Signals and terminal restore (state: see the note at the top)

static volatile sig_atomic_t tw_state_pending = 0;  // the termination signal received, 0 = none
static volatile sig_atomic_t tw_state_active = 0;   // 1 while curses owns the terminal
static int tw_state_pipe[2] = {-1, -1};            // self-pipe: wakes tw_wait_input from handlers
static int tw_state_installed = 0;
static int tw_state_atexit = 0;

static const int tw_termination_signals[] = {SIGTERM, SIGHUP, SIGINT};
static const int tw_fatal_signals[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP, SIGQUIT};
#define TW_TERM_COUNT (sizeof(tw_termination_signals) / sizeof(tw_termination_signals[0]))
#define TW_FATAL_COUNT (sizeof(tw_fatal_signals) / sizeof(tw_fatal_signals[0]))
static struct sigaction tw_state_old_term[TW_TERM_COUNT] = {{{0}}};
static struct sigaction tw_state_old_fatal[TW_FATAL_COUNT] = {{{0}}};
static struct sigaction tw_state_old_winch = {{0}};
static int tw_state_winch_installed = 0;

static inline void tw_wake(void) {
    if (tw_state_pipe[1] >= 0) {
        char byte = 1;
        ssize_t ignored = write(tw_state_pipe[1], &byte, 1);
        (void)ignored;
    }
}

static inline void tw_restore_terminal_now(void) {
    if (tw_state_active) {
        tw_state_active = 0;
        endwin();
    }
}

static void tw_on_termination(int sig) {
    int saved = errno;
    if (tw_state_pending == 0) tw_state_pending = sig;
    tw_wake();
    errno = saved;
}

/// Crash: restore the terminal (best effort, endwin is not async-signal-safe), then hand the
/// signal to whoever had it before (the default action, or e.g. Swift's backtracer).
static void tw_on_fatal(int sig, siginfo_t *info, void *context) {
    (void)context;
    tw_restore_terminal_now();
    for (unsigned i = 0; i < TW_FATAL_COUNT; i++) {
        if (tw_fatal_signals[i] == sig) { sigaction(sig, &tw_state_old_fatal[i], NULL); break; }
    }
    // Faults re-execute the faulting instruction on return and reach the old handler with the
    // real context; signals sent by kill/raise/abort (si_code <= 0) must be raised again.
    if (info == NULL || info->si_code <= 0 || sig == SIGABRT || sig == SIGQUIT) raise(sig);
}

static void tw_on_winch(int sig, siginfo_t *info, void *context) {
    int saved = errno;
    struct sigaction *old = &tw_state_old_winch;
    if (old->sa_flags & SA_SIGINFO) {
        if (old->sa_sigaction) old->sa_sigaction(sig, info, context);
    } else if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN && old->sa_handler != NULL) {
        old->sa_handler(sig);
    }
    tw_wake();
    errno = saved;
}

static void tw_atexit_handler(void) { tw_restore_terminal_now(); }

/// Installs handlers for termination (flag + wake-up) and fatal signals (endwin + re-raise),
/// the self-pipe, and the atexit hook. Call before newterm so ncurses keeps our SIGINT/SIGTERM.
static inline int tw_install_signal_handlers(void) {
    if (tw_state_installed) return 0;
    if (tw_state_pipe[0] < 0) {
        if (pipe(tw_state_pipe) != 0) return -1;
        for (int i = 0; i < 2; i++) {
            fcntl(tw_state_pipe[i], F_SETFL, fcntl(tw_state_pipe[i], F_GETFL) | O_NONBLOCK);
            fcntl(tw_state_pipe[i], F_SETFD, FD_CLOEXEC);
        }
    }
    tw_state_pending = 0;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_handler = tw_on_termination;
    action.sa_flags = 0;  // no SA_RESTART: a blocking wait is interrupted
    for (unsigned i = 0; i < TW_TERM_COUNT; i++) {
        sigaction(tw_termination_signals[i], &action, &tw_state_old_term[i]);
        // Respect an inherited "ignore" (e.g. SIGHUP under nohup).
        if (tw_state_old_term[i].sa_handler == SIG_IGN) sigaction(tw_termination_signals[i], &tw_state_old_term[i], NULL);
    }

    struct sigaction fatal;
    memset(&fatal, 0, sizeof fatal);
    sigemptyset(&fatal.sa_mask);
    fatal.sa_sigaction = tw_on_fatal;
    fatal.sa_flags = SA_SIGINFO | SA_ONSTACK;
    for (unsigned i = 0; i < TW_FATAL_COUNT; i++) sigaction(tw_fatal_signals[i], &fatal, &tw_state_old_fatal[i]);

    if (!tw_state_atexit) { atexit(tw_atexit_handler); tw_state_atexit = 1; }
    tw_state_installed = 1;
    return 0;
}

/// Wraps the SIGWINCH handler ncurses installed (call after newterm): it still runs, and the
/// wait in tw_wait_input wakes up so the resize is reported at once.
static inline void tw_install_winch_handler(void) {
    if (tw_state_winch_installed) return;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_sigaction = tw_on_winch;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    if (sigaction(SIGWINCH, &action, &tw_state_old_winch) == 0) tw_state_winch_installed = 1;
}

/// Puts back the signal dispositions that were in place before tw_install_signal_handlers.
static inline void tw_restore_signal_handlers(void) {
    if (tw_state_winch_installed) {
        sigaction(SIGWINCH, &tw_state_old_winch, NULL);
        tw_state_winch_installed = 0;
    }
    if (!tw_state_installed) return;
    for (unsigned i = 0; i < TW_TERM_COUNT; i++) sigaction(tw_termination_signals[i], &tw_state_old_term[i], NULL);
    for (unsigned i = 0; i < TW_FATAL_COUNT; i++) sigaction(tw_fatal_signals[i], &tw_state_old_fatal[i], NULL);
    tw_state_installed = 0;
}

static inline int tw_pending_signal(void) { return (int)tw_state_pending; }
static inline void tw_set_pending_signal(int sig) { tw_state_pending = sig; }
static inline void tw_set_active(int active) { tw_state_active = active; }
static inline int tw_is_active(void) { return (int)tw_state_active; }
/// endwin if curses is active; idempotent.
static inline void tw_end(void) { tw_restore_terminal_now(); }

/// Waits until `fd` is readable, a handled signal arrives, or `milliseconds` pass (< 0: forever).
/// Returns 1 input ready, 0 timeout, -1 woken by a signal, -2 the terminal hung up.
static inline int tw_wait_input(int fd, int milliseconds) {
    struct pollfd fds[2];
    fds[0].fd = fd; fds[0].events = POLLIN; fds[0].revents = 0;
    fds[1].fd = tw_state_pipe[0]; fds[1].events = POLLIN; fds[1].revents = 0;
    int count = tw_state_pipe[0] >= 0 ? 2 : 1;
    int rc = poll(fds, (nfds_t)count, milliseconds);
    if (rc < 0) return errno == EINTR ? -1 : -2;
    if (rc == 0) return 0;
    if (count == 2 && (fds[1].revents & POLLIN)) {
        char drain[64];
        while (read(tw_state_pipe[0], drain, sizeof drain) > 0) {}
        return -1;
    }
    if (fds[0].revents & POLLIN) return 1;
    if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) return -2;
    return 1;
}
#endif
