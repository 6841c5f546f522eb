"""The fork server: imports the scientific stack once, then forks every session's kernel from itself.

The session server starts it as root with a minimal environment (no token, no AWS variables, nothing of the
server's), so nothing secret is ever in its memory, and so in no kernel's copy of it. Its stdin carries one JSON
line per request and its stdout one per answer:

    {"socket": path, "preload": [modules]}   first line: where kernels connect, what to import   -> {"ready": true}
    {"fork": nonce}                          a new kernel                              -> {"forked": nonce, "pid": pid}
                                             (a child was reaped)                      -> {"exited": pid, "code": c, "signal": s}

No thread is ever started here (fork copies only the calling thread); BLAS and OpenMP are single-threaded by
the environment, matplotlib uses Agg. The objects imported are moved out of the collector's reach (gc.freeze)
so the kernels' collections do not dirty the pages they share with the zygote.

A fork first leaves the zygote's process group and session (setsid), so it outlives the zygote: killing or
restarting the zygote never reaches a live kernel, whose channel is its own socket to the server. Before any
cell runs the child has closed the zygote's stdin and stdout: a kernel can never ask for another fork.
"""

import gc
import importlib
import json
import os
import signal
import socket
import sys
import traceback

import kernel


def answer(message):
    # One write per line: a line written by the SIGCHLD handler never lands inside another.
    os.write(1, (json.dumps(message) + "\n").encode())


def report_exits(_signum, _frame):
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
        signum = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        answer({"exited": pid, "code": code, "signal": signal.Signals(signum).name if signum else None})


def child(nonce, socket_path):
    """In the fork: cut loose from the zygote, reach the server, become the session's kernel."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    channel = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    channel.connect(socket_path)
    fd = channel.detach()
    if fd != kernel.CHANNEL_FD:
        os.dup2(fd, kernel.CHANNEL_FD)
        os.close(fd)
    kernel.write_message({"nonce": nonce})
    try:
        kernel.run(kernel.read_message())
    except EOFError:
        return
    except BaseException:
        kernel.write_message({"error": traceback.format_exc(limit=3)})
        os._exit(1)


def main():
    setup = json.loads(sys.stdin.readline())
    for name in setup["preload"]:
        importlib.import_module(name)
    gc.collect()
    gc.freeze()
    signal.signal(signal.SIGCHLD, report_exits)
    answer({"ready": True})
    for line in sys.stdin:
        nonce = json.loads(line)["fork"]
        # The child's exit is reported only after its fork is: SIGCHLD waits until the answer is out.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
        pid = os.fork()
        if pid == 0:
            try:
                child(nonce, setup["socket"])
            except BaseException:
                os._exit(1)
            os._exit(0)
        answer({"forked": nonce, "pid": pid})
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})


if __name__ == "__main__":
    main()
