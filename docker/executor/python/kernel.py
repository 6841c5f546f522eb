"""One session's Python kernel, forked from the zygote (zygote.py) with the scientific stack already imported.

It talks to the session server over one Unix socket on fd 3, each message a 4-byte big-endian length followed
by UTF-8 JSON; the first message from the server holds the kernel's settings (never argv, which every user can
read in /proc). `become_session` turns the forked copy of the zygote into the session's kernel — its own
session and process group, its uid, environment, directory and limits — before any cell runs; `serve` then
runs each cell in one persistent namespace. A cell's stdout and stderr are captured at the file-descriptor
level (so subprocesses and C extensions are captured too) into the two files the server opened for it, reopened
here as fds 5 and 6; only the head and the tail come back.
"""

import ast
import ctypes
import json
import os
import resource
import signal
import struct
import sys
import tempfile
import time
import traceback

CHANNEL_FD = 3
CAPTURE_FDS = (5, 6)
PR_SET_DUMPABLE = 4
PR_SET_NO_NEW_PRIVS = 38


def tasks_of_my_user():
    """Threads of every process of this uid: RLIMIT_NPROC counts them all, not only the kernel's."""
    uid = str(os.getuid())
    count = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        if fields.get("Uid", "").split()[:1] == [uid]:
            count += int(fields.get("Threads", "1"))
    return count


def apply_limits(limits, shared_user):
    """Soft and hard limits alike, so code in the cell cannot raise them again.

    With a user of its own, the process limit is the session's; sharing the server's user (a development
    setup), it is a budget on top of what that user already runs.
    """
    processes = limits["processes"] + (tasks_of_my_user() if shared_user else 0)
    for name, value in (
        ("RLIMIT_CPU", limits["cpuSeconds"]),
        ("RLIMIT_AS", limits["memoryBytes"]),
        ("RLIMIT_NPROC", processes),
        ("RLIMIT_FSIZE", limits["fileSizeBytes"]),
        ("RLIMIT_NOFILE", limits["openFiles"]),
        ("RLIMIT_CORE", 0),
    ):
        kind = getattr(resource, name)
        # An unprivileged process cannot raise its hard limit: a stricter one set outside stays in force.
        _, hard = resource.getrlimit(kind)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(kind, (value, value))
    # Under memory pressure the kernel goes first, never the server; and the server's health checks and
    # request handling keep their CPU however hard the cells compute.
    with open("/proc/self/oom_score_adj", "w") as oom:
        oom.write("800")
    os.nice(10)
    # A file grown past RLIMIT_FSIZE then fails with an OSError in the cell instead of killing the kernel.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def guard_protocol():
    """Keeps the channel to the server and the capture files to the kernel alone.

    Programs the cell executes never inherit them, and a process the cell forks closes them at once and exits
    when its copy of the cell ends, instead of answering the server in the kernel's place.
    """
    for fd in (CHANNEL_FD, *CAPTURE_FDS):
        os.set_inheritable(fd, False)

    def close_in_child():
        for fd in (CHANNEL_FD, *CAPTURE_FDS):
            try:
                os.close(fd)
            except OSError:
                pass

    os.register_at_fork(after_in_child=close_in_child)


def read_exact(count):
    chunks = []
    while count > 0:
        chunk = os.read(CHANNEL_FD, count)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def read_message():
    (length,) = struct.unpack(">I", read_exact(4))
    return json.loads(read_exact(length))


def write_message(message):
    data = json.dumps(message).encode()
    view = memoryview(struct.pack(">I", len(data)) + data)
    while view:
        view = view[os.write(CHANNEL_FD, view) :]


def capped_text(fd, cap_bytes):
    """The captured bytes as text: all of it when it fits, else the head and the tail with the cut stated."""
    size = os.fstat(fd).st_size
    if size <= cap_bytes:
        return os.pread(fd, size, 0).decode("utf-8", "replace"), size
    half = cap_bytes // 2
    head = os.pread(fd, half, 0)
    tail = os.pread(fd, half, size - half)
    omitted = size - 2 * half
    note = f"\n... [{omitted} bytes of output omitted; {size} bytes in total] ...\n"
    return head.decode("utf-8", "replace") + note + tail.decode("utf-8", "replace"), size


def silence_standard_streams():
    """Between cells fds 1 and 2 lead nowhere: late writes of background processes reach no one."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for fd in (1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


class CellOutput:
    """Points fds 1 and 2 at the emptied capture files for one cell, then back at /dev/null.

    The server holds the same files, so when the kernel is killed mid-cell it still reads what the cell printed.
    """

    def __init__(self, cap_bytes):
        self.cap_bytes = cap_bytes

    def __enter__(self):
        for fd, capture in zip((1, 2), CAPTURE_FDS):
            os.ftruncate(capture, 0)
            os.lseek(capture, 0, os.SEEK_SET)
            os.dup2(capture, fd)
        sys.stdout, sys.stderr = STDOUT, STDERR
        return self

    def __exit__(self, *exc):
        for stream in (STDOUT, STDERR):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        silence_standard_streams()
        self.results = [capped_text(fd, self.cap_bytes) for fd in CAPTURE_FDS]
        return False


def user_traceback(exc):
    """The traceback from the cell's own frames down, without the kernel's frame on top."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb))


def run_cell(code, namespace):
    """Runs the cell; a final bare expression is echoed as in a notebook. Returns the error or None."""
    try:
        tree = ast.parse(code, "<cell>", "exec")
        last = tree.body[-1] if tree.body else None
        if isinstance(last, ast.Expr):
            tree.body.pop()
            exec(compile(tree, "<cell>", "exec"), namespace)
            value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
            if value is not None:
                print(repr(value))
        else:
            exec(compile(tree, "<cell>", "exec"), namespace)
        return None
    except BaseException as exc:  # SystemExit and KeyboardInterrupt end the cell, never the kernel.
        message = str(exc)
        if isinstance(exc, SyntaxError):
            message = f"{exc.msg} (line {exc.lineno})"
        return {"type": type(exc).__name__, "message": message, "traceback": user_traceback(exc)}


def serve(settings):
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    kernel_pid = os.getpid()
    while True:
        try:
            request = read_message()
        except EOFError:
            return
        started = time.monotonic()
        with CellOutput(settings["outputCapBytes"]) as output:
            error = run_cell(request["code"], namespace)
            if os.getpid() != kernel_pid:
                os._exit(0)
        (stdout, stdout_bytes), (stderr, stderr_bytes) = output.results
        write_message(
            {
                "id": request["id"],
                "status": "error" if error else "ok",
                "error": error,
                "stdout": stdout,
                "stderr": stderr,
                "stdoutBytes": stdout_bytes,
                "stderrBytes": stderr_bytes,
                "cellMs": round((time.monotonic() - started) * 1000, 3),
            }
        )


def reopen_capture_files(captures):
    """The server's two unlinked capture files, reopened through /proc while this process is still trusted."""
    for fd, server_fd in zip(CAPTURE_FDS, captures["fds"]):
        opened = os.open(f"/proc/{captures['pid']}/fd/{server_fd}", os.O_RDWR)
        os.dup2(opened, fd)
        os.close(opened)


def forget_zygote_state():
    """What the imports cached from the zygote's environment, and the random state every fork shares."""
    tempfile.tempdir = None
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()


def become_session(settings):
    """Turns this fork of the zygote into the session's kernel; the order matters.

    The captures are reopened while still root; then the user is dropped (no way back: setuid as root sets
    the real, effective and saved uid), then the directory and limits apply, all before any cell runs.
    """
    reopen_capture_files(settings["captures"])
    os.closerange(CAPTURE_FDS[-1] + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    os.environ.clear()
    os.environ.update(settings["env"])
    forget_zygote_state()
    # What the kernel and the cells create is the session's alone: in a shared /tmp too, never readable by others.
    os.umask(0o077)
    user = settings.get("user")
    if user is not None:
        os.setgroups([])
        os.setgid(user["gid"])
        os.setuid(user["uid"])
        # Changing uid made the process undumpable, its /proc files root's; an exec would have undone that.
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)
    os.chdir(settings["workDir"])
    apply_limits(settings["limits"], user is None)
    guard_protocol()
    global STDOUT, STDERR
    STDOUT, STDERR = sys.stdout, sys.stderr
    # Line-buffered, so what a cell printed before its kernel was killed is already in the capture files.
    for stream in (STDOUT, STDERR):
        stream.reconfigure(line_buffering=True)


def run(settings):
    """The kernel's life after the fork: ready once it is the session's, then cells until the server hangs up."""
    become_session(settings)
    write_message({"ready": True, "pid": os.getpid()})
    silence_standard_streams()
    serve(settings)
