#!/usr/bin/python3
"""lossyfs: a FUSE filesystem that behaves like a disk with a volatile write cache, for power-cut tests.

    /usr/bin/python3 lossyfs.py BACKING MOUNTPOINT

Mounts BACKING at MOUNTPOINT (foreground, single-threaded). Semantics:

- Data (write, truncate, O_TRUNC) is held in memory per file (keyed by the backing inode, so it
  follows renames): an overlay of 4 KiB pages and a pending size. Reads see it (read-your-writes),
  mmap works (no direct_io: the kernel page cache stays on, so SQLite's WAL index can be mapped).
- fsync / fdatasync of a file writes that file's pending data to the backing file and os.fsync's it.
  A file opened O_SYNC / O_DSYNC is synced after every write. close() makes nothing durable.
- fsync of a directory flushes nothing (metadata is never held back, see below) and succeeds.
- Simplification: metadata (create, mkdir, unlink, rmdir, rename, link, symlink, chmod, chown,
  utimens) goes to BACKING at once and survives a cut, as on a journalled filesystem whose journal
  got the metadata out but not the data: a file created or renamed without an fsync of its data
  comes back empty or short after a cut (the ext4 "zero-length file" case). A rename or create
  whose directory was never fsynced is therefore NOT undone; missing directory fsyncs go unnoticed.
- Power cut: the line `cut` on stdin discards every pending write of every file, between two
  operations, and from then on every operation fails with EIO (the machine is off) until the
  process ends. `arm SUFFIX N` cuts the power by itself right after the N-th write to a file whose
  path ends with SUFFIX (e.g. a commit's WAL frames, before their fsync arrives). A cut never lands
  inside an fsync: a flush in progress completes (no torn flush). The test then unmounts
  (fusermount3 -u) and mounts afresh, so no kernel page cache survives; attr_timeout=0,
  entry_timeout=0 and negative_timeout=0 keep the kernel asking us for sizes and names.

Stdout carries one JSON object per line for the test: {"event": "ready"} once mounted,
{"event": "cut", ...} with what the cut dropped, {"event": "status", ...} for `status`, and
{"event": "exit", ...} at the end. EOF on stdin (the test died) unmounts lazily, so no mount is left
behind. Errors go to stderr.
"""

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import time

try:
    from fusepy import FUSE, FuseOSError, Operations
except ImportError as error:  # Debian's python3-fusepy is imported as `fusepy`; older ones as `fuse`
    try:
        from fuse import FUSE, FuseOSError, Operations
    except ImportError:
        sys.stderr.write(
            "lossyfs: python3-fusepy is not installed (%s). Install it with: apt-get install -y fuse3 python3-fusepy\n" % error
        )
        sys.exit(3)

PAGE = 4096
UTIME_NOW = (1 << 30) - 1
UTIME_OMIT = (1 << 30) - 2
# Operations that must work on a dead filesystem: the kernel closes files of killed processes.
ALWAYS = {"release", "releasedir", "flush", "destroy", "init"}


def emit(event, **fields):
    sys.stdout.write(json.dumps(dict(event=event, **fields)) + "\n")
    sys.stdout.flush()


class Pending:
    """A file's unsynced data: pages written since its last fsync, its size, and how far it shrank."""

    __slots__ = ("size", "floor", "pages", "writes", "bytes", "path")

    def __init__(self, size, path):
        self.size = size
        # The smallest size the file had since its last sync: backing bytes past it read as zeros.
        self.floor = size
        self.pages = {}
        self.writes = 0
        self.bytes = 0
        self.path = path


class LossyFS(Operations):
    use_ns = True

    def __init__(self, backing, mountpoint):
        self.backing = os.path.realpath(backing)
        self.mountpoint = os.path.realpath(mountpoint)
        # Not `self.lock`: fusepy registers FUSE's lock operation for any attribute of that name.
        self.mutex = threading.Lock()
        self.dead = False
        self.pending = {}  # (st_dev, st_ino) -> Pending
        self.handles = {}  # fd -> (key, path, sync after each write)
        self.open_count = {}  # key -> open fds
        self.totals = dict(fsyncs=0, synced_bytes=0, cuts=0, refused_after_cut=0)
        self.armed = None  # (path suffix, writes left) for a cut the filesystem makes itself

    # -- plumbing ---------------------------------------------------------------------------------

    def __call__(self, op, *args):
        with self.mutex:
            if self.dead and op not in ALWAYS:
                self.totals["refused_after_cut"] += 1
                raise FuseOSError(errno.EIO)
            return super().__call__(op, *args)

    def _real(self, path):
        return os.path.join(self.backing, path.lstrip("/"))

    @staticmethod
    def _key(st):
        return (st.st_dev, st.st_ino)

    def _track(self, fd, path, flags):
        key = self._key(os.fstat(fd))
        self.handles[fd] = (key, path, bool(flags & os.O_DSYNC))
        self.open_count[key] = self.open_count.get(key, 0) + 1
        return fd

    def _pending_for(self, fd, key, path):
        p = self.pending.get(key)
        if p is None:
            p = Pending(os.fstat(fd).st_size, path)
            self.pending[key] = p
        return p

    def _forget_if_gone(self, key, links_left):
        if links_left <= 0 and self.open_count.get(key, 0) == 0:
            self.pending.pop(key, None)

    def _backing_bytes(self, fd, p, offset, length):
        """`length` bytes of the backing file at `offset`, zeros past its end or past the floor."""
        limit = max(0, min(length, p.floor - offset))
        data = os.pread(fd, limit, offset) if limit > 0 else b""
        return data + bytes(length - len(data))

    def _sync(self, fd, p):
        size_now = os.fstat(fd).st_size
        if p.floor < size_now:
            os.ftruncate(fd, p.floor)
        written = 0
        for index in sorted(p.pages):
            start = index * PAGE
            if start >= p.size:
                continue
            chunk = p.pages[index][: min(PAGE, p.size - start)]
            os.pwrite(fd, chunk, start)
            written += len(chunk)
        if os.fstat(fd).st_size != p.size:
            os.ftruncate(fd, p.size)
        os.fsync(fd)
        self.totals["synced_bytes"] += written

    def _truncate(self, fd, key, path, length):
        p = self._pending_for(fd, key, path)
        p.size = length
        p.floor = min(p.floor, length)
        for index in [i for i in p.pages if i * PAGE >= length]:
            del p.pages[index]
        last = p.pages.get(length // PAGE)
        if last is not None:
            within = length % PAGE
            last[within:] = bytes(PAGE - within)
        p.writes += 1

    # -- control ----------------------------------------------------------------------------------

    def cut(self):
        with self.mutex:
            self._cut("stdin")

    def arm(self, suffix, writes):
        with self.mutex:
            self.armed = (suffix, writes)

    def _cut(self, cause):
        """Drops every pending write; the machine is off from now on. A second cut drops nothing."""
        files = [
            dict(path=p.path, writes=p.writes, bytes=p.bytes, pages=len(p.pages))
            for p in self.pending.values()
            if p.writes > 0
        ]
        self.pending.clear()
        self.armed = None
        if not self.dead:
            self.dead = True
            self.totals["cuts"] += 1
        else:
            cause = "already off (%s)" % cause
        emit(
            "cut",
            cause=cause,
            files=files,
            writes=sum(f["writes"] for f in files),
            bytes=sum(f["bytes"] for f in files),
            totals=self.totals,
        )

    def status(self):
        with self.mutex:
            emit(
                "status",
                dead=self.dead,
                pending=[dict(path=p.path, writes=p.writes, bytes=p.bytes) for p in self.pending.values()],
                totals=self.totals,
            )

    # -- lifecycle --------------------------------------------------------------------------------

    def init(self, path):
        emit("ready", backing=self.backing, mountpoint=self.mountpoint)

    def destroy(self, path):
        # Unmounting is not a sync: whatever is still pending is lost with this process.
        for fd in list(self.handles):
            os.close(fd)
        self.handles.clear()

    # -- metadata: straight to the backing directory ------------------------------------------------

    def access(self, path, amode):
        if not os.access(self._real(path), amode):
            raise FuseOSError(errno.EACCES)

    def getattr(self, path, fh=None):
        if isinstance(fh, int) and fh in self.handles:
            st = os.fstat(fh)
        else:
            st = os.lstat(self._real(path))
        attrs = dict(
            st_mode=st.st_mode,
            st_ino=st.st_ino,
            st_nlink=st.st_nlink,
            st_uid=st.st_uid,
            st_gid=st.st_gid,
            st_size=st.st_size,
            st_blocks=st.st_blocks,
            st_blksize=st.st_blksize,
            st_atime=st.st_atime_ns,
            st_mtime=st.st_mtime_ns,
            st_ctime=st.st_ctime_ns,
        )
        p = self.pending.get(self._key(st)) if stat.S_ISREG(st.st_mode) else None
        if p is not None:
            attrs["st_size"] = p.size
            attrs["st_blocks"] = (p.size + 511) // 512
        return attrs

    def readlink(self, path):
        return os.readlink(self._real(path))

    def mknod(self, path, mode, dev):
        os.mknod(self._real(path), mode, dev)

    def mkdir(self, path, mode):
        os.mkdir(self._real(path), mode)

    def rmdir(self, path):
        os.rmdir(self._real(path))

    def unlink(self, path):
        real = self._real(path)
        st = os.lstat(real)
        os.unlink(real)
        self._forget_if_gone(self._key(st), st.st_nlink - 1)

    def symlink(self, target, source):
        os.symlink(source, self._real(target))

    def link(self, target, source):
        os.link(self._real(source), self._real(target))

    def rename(self, old, new):
        real_old, real_new = self._real(old), self._real(new)
        moved = self._key(os.lstat(real_old))
        try:
            replaced = os.lstat(real_new)
        except FileNotFoundError:
            replaced = None
        os.rename(real_old, real_new)
        if replaced is not None and self._key(replaced) != moved and not stat.S_ISDIR(replaced.st_mode):
            self._forget_if_gone(self._key(replaced), replaced.st_nlink - 1)
        p = self.pending.get(moved)
        if p is not None:
            p.path = new

    def chmod(self, path, mode):
        os.chmod(self._real(path), mode)

    def chown(self, path, uid, gid):
        os.chown(self._real(path), uid, gid)

    def utimens(self, path, times=None):
        real = self._real(path)
        if times is None:
            os.utime(real)
            return
        st = os.lstat(real)
        now = None
        chosen = []
        for value, current in zip(times, (st.st_atime_ns, st.st_mtime_ns)):
            nsec = value % 10**9
            if nsec == UTIME_OMIT:
                chosen.append(current)
            elif nsec == UTIME_NOW:
                now = now or time.time_ns()
                chosen.append(now)
            else:
                chosen.append(value)
        os.utime(real, ns=tuple(chosen))

    def statfs(self, path):
        sv = os.statvfs(self._real(path))
        return {
            key: getattr(sv, key)
            for key in ("f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail", "f_ffree", "f_files", "f_flag", "f_frsize", "f_namemax")
        }

    def opendir(self, path):
        if not os.path.isdir(self._real(path)):
            raise FuseOSError(errno.ENOTDIR)
        return 0

    def readdir(self, path, fh):
        return [".", ".."] + os.listdir(self._real(path))

    def releasedir(self, path, fh):
        return 0

    def fsyncdir(self, path, datasync, fh):
        # Metadata is never held back (see the header), so there is nothing to flush; it must succeed.
        return 0

    # -- data: held in memory until fsync -----------------------------------------------------------

    def open(self, path, flags):
        fd = os.open(self._real(path), os.O_RDWR | os.O_CLOEXEC | (flags & os.O_NOFOLLOW))
        self._track(fd, path, flags)
        if flags & os.O_TRUNC:
            key, _, _ = self.handles[fd]
            self._truncate(fd, key, path, 0)
        return fd

    def create(self, path, mode, fi=None):
        fd = os.open(self._real(path), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, mode)
        return self._track(fd, path, 0)

    def read(self, path, size, offset, fh):
        key, _, _ = self.handles[fh]
        p = self.pending.get(key)
        if p is None:
            return os.pread(fh, size, offset)
        end = min(offset + size, p.size)
        out = bytearray()
        pos = offset
        while pos < end:
            index, within = divmod(pos, PAGE)
            n = min(PAGE - within, end - pos)
            page = p.pages.get(index)
            out += page[within : within + n] if page is not None else self._backing_bytes(fh, p, pos, n)
            pos += n
        return bytes(out)

    def write(self, path, data, offset, fh):
        key, name, sync_each = self.handles[fh]
        p = self._pending_for(fh, key, name)
        pos = 0
        total = len(data)
        while pos < total:
            index, within = divmod(offset + pos, PAGE)
            n = min(PAGE - within, total - pos)
            if within == 0 and n == PAGE:
                p.pages[index] = bytearray(data[pos : pos + n])
            else:
                page = p.pages.get(index)
                if page is None:
                    page = bytearray(self._backing_bytes(fh, p, index * PAGE, PAGE))
                    p.pages[index] = page
                page[within : within + n] = data[pos : pos + n]
            pos += n
        p.size = max(p.size, offset + total)
        p.writes += 1
        p.bytes += total
        if sync_each:
            self.fsync(path, True, fh)
        if self.armed is not None and name.endswith(self.armed[0]):
            suffix, left = self.armed
            self.armed = (suffix, left - 1) if left > 1 else None
            if left <= 1:
                self._cut("armed: write %d to *%s" % (p.writes, suffix))
        return total

    def truncate(self, path, length, fh=None):
        if isinstance(fh, int) and fh in self.handles:
            key, name, _ = self.handles[fh]
            self._truncate(fh, key, name, length)
            return
        fd = os.open(self._real(path), os.O_RDWR | os.O_CLOEXEC)
        try:
            self._truncate(fd, self._key(os.fstat(fd)), path, length)
        finally:
            os.close(fd)

    def flush(self, path, fh):
        return 0  # close() makes nothing durable

    def fsync(self, path, datasync, fh):
        key, _, _ = self.handles[fh]
        p = self.pending.pop(key, None)
        if p is not None:
            self._sync(fh, p)
        else:
            os.fsync(fh)
        self.totals["fsyncs"] += 1

    def release(self, path, fh):
        entry = self.handles.pop(fh, None)
        if entry is None:
            return 0
        key = entry[0]
        links = os.fstat(fh).st_nlink
        os.close(fh)
        left = self.open_count.get(key, 1) - 1
        if left > 0:
            self.open_count[key] = left
        else:
            self.open_count.pop(key, None)
            self._forget_if_gone(key, links)
        return 0


def unmount_lazily(mountpoint):
    for command in (["fusermount3", "-u", "-z"], ["fusermount", "-u", "-z"], ["umount", "-l"]):
        if shutil.which(command[0]):
            if subprocess.run(command + [mountpoint], stderr=subprocess.DEVNULL).returncode == 0:
                return


def control(fs):
    """Commands from the test on stdin; EOF means the test is gone: unmount so no mount is left."""
    for line in sys.stdin:
        command = line.strip()
        if command == "cut":
            fs.cut()
        elif command.startswith("arm "):
            _, suffix, writes = command.split(" ")
            fs.arm(suffix, int(writes))
        elif command == "status":
            fs.status()
        elif command:
            sys.stderr.write("lossyfs: unknown command %r\n" % command)
    unmount_lazily(fs.mountpoint)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: lossyfs.py BACKING MOUNTPOINT\n")
        return 2
    backing, mountpoint = sys.argv[1], sys.argv[2]
    fs = LossyFS(backing, mountpoint)
    threading.Thread(target=control, args=(fs,), daemon=True).start()
    try:
        FUSE(
            fs,
            mountpoint,
            foreground=True,
            nothreads=True,
            # No kernel caching of names or attributes: sizes come from the pending data.
            attr_timeout=0,
            entry_timeout=0,
            negative_timeout=0,
            # Unlinked open files really go (no .fuse_hidden files left behind by a kill).
            hard_remove=True,
            use_ino=True,
            big_writes=True,
            max_write=131072,
            fsname="lossyfs",
            subtype="lossyfs",
        )
    except RuntimeError as error:
        sys.stderr.write("lossyfs: mounting %s failed (%s): is /dev/fuse there and may we mount?\n" % (mountpoint, error))
        return 1
    emit("exit", totals=fs.totals)
    return 0


if __name__ == "__main__":
    sys.exit(main())
