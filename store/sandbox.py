"""A query worker's cage: no network sockets, bounded memory.

The vetting (vet.py) refuses SERVICE and LOAD before evaluation; this is the second wall, so that a
query slipping past it still reaches nothing. A seccomp filter (Linux, unprivileged with
no_new_privs) makes `socket()` fail with EACCES for every family but AF_UNIX (the worker's pipe to
the server is a Unix socket pair) and `io_uring_setup` fail too (io_uring can open sockets without
`socket()`). Chosen over a network namespace because it needs no privilege and no platform support
beyond seccomp, which every Linux kernel since 3.5 has; the filter applies to every thread of the
process (TSYNC) and to anything it would start.

Memory: `RLIMIT_AS` caps the worker's address space; a query past it fails to allocate, the worker
dies or reports the failure, and the pool answers 503 and replaces it.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import resource
import struct

# seccomp and BPF constants (linux/seccomp.h, linux/filter.h, linux/audit.h)
_BPF_LD_W_ABS = 0x20
_BPF_JEQ_K = 0x15
_BPF_JGE_K = 0x35
_BPF_RET_K = 0x06
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_TSYNC = 1
_AF_UNIX = 1
_X32_BIT = 0x40000000
# machine -> (AUDIT_ARCH, seccomp syscall, socket syscall, io_uring_setup syscall)
_ARCHES = {
    "x86_64": (0xC000003E, 317, 41, 425),
    "aarch64": (0xC00000B7, 277, 198, 425),
}


class SandboxError(RuntimeError):
    """The cage could not be set up: the worker must not run queries."""


def _insn(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def network_filter(arch: int, socket_nr: int, io_uring_nr: int) -> bytes:
    """The BPF program: deny foreign ABIs, io_uring and non-Unix sockets; allow the rest."""
    deny, allow = 8, 9
    prog = [
        _insn(_BPF_LD_W_ABS, 0, 0, 4),  # 0: arch
        _insn(_BPF_JEQ_K, 0, deny - 2, arch),  # 1: another ABI (i386 on x86_64): deny
        _insn(_BPF_LD_W_ABS, 0, 0, 0),  # 2: syscall number
        _insn(_BPF_JGE_K, deny - 4, 0, _X32_BIT),  # 3: the x32 ABI: deny
        _insn(_BPF_JEQ_K, deny - 5, 0, io_uring_nr),  # 4: io_uring_setup: deny
        _insn(_BPF_JEQ_K, 0, allow - 6, socket_nr),  # 5: not socket(): allow
        _insn(_BPF_LD_W_ABS, 0, 0, 16),  # 6: socket's first argument, the family
        _insn(_BPF_JEQ_K, allow - 8, 0, _AF_UNIX),  # 7: AF_UNIX: allow
        _insn(_BPF_RET_K, 0, 0, _RET_ERRNO | errno.EACCES),  # 8: deny
        _insn(_BPF_RET_K, 0, 0, _RET_ALLOW),  # 9: allow
    ]
    return b"".join(prog)


def deny_network() -> None:
    """Install the filter on this process (all its threads). Raises SandboxError where it cannot."""
    machine = platform.machine()
    if platform.system() != "Linux" or machine not in _ARCHES:
        raise SandboxError(f"no seccomp filter for {platform.system()} {machine}: queries cannot be caged")
    arch, seccomp_nr, socket_nr, io_uring_nr = _ARCHES[machine]
    code = network_filter(arch, socket_nr, io_uring_nr)
    filters = ctypes.create_string_buffer(code, len(code))

    class SockFprog(ctypes.Structure):
        _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.c_void_p))

    prog = SockFprog(len(code) // 8, ctypes.cast(filters, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise SandboxError(f"prctl(NO_NEW_PRIVS) failed: {errno.errorcode.get(ctypes.get_errno())}")
    flags = _SECCOMP_FILTER_FLAG_TSYNC
    if libc.syscall(seccomp_nr, _SECCOMP_SET_MODE_FILTER, flags, ctypes.byref(prog)) != 0:
        raise SandboxError(f"seccomp filter refused: {errno.errorcode.get(ctypes.get_errno())}")


def cap_memory(limit: int) -> None:
    """Cap this process's address space at `limit` bytes (0: no cap)."""
    if limit > 0:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
