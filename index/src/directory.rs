//! The folder tantivy reads: memory-mapped as tantivy does by default, except the document
//! stores, which are read with positioned reads (`pread`).
//!
//! Why: a mapped file's pages count in the process's resident memory once touched, and the
//! store is the biggest file of a segment (the texts and records). Reading records for
//! `tasks`, linking or the web app touches most of it, so at 100,000 documents a mapped store
//! added its whole size (130 MB) to every such process — the server's memory followed the
//! archive, not the pages it serves. Store reads are a block (16 KB) at a time and tantivy
//! keeps the blocks it decompressed, so a read per block costs a system call and no more; the
//! kernel's page cache still holds the file. Postings, term dictionaries and fast fields stay
//! mapped: they are read in many small, scattered pieces, where mapping is what makes search
//! fast.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::HasLen;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback,
    WatchHandle, WritePtr,
};

/// [`MmapDirectory`] with the document stores (`*.store`) read by `pread`.
#[derive(Debug, Clone)]
pub struct StoreReadDirectory {
    inner: MmapDirectory,
    root: PathBuf,
}

impl StoreReadDirectory {
    pub fn open(root: &Path) -> tantivy::Result<StoreReadDirectory> {
        Ok(StoreReadDirectory {
            inner: MmapDirectory::open(root)?,
            root: root.to_path_buf(),
        })
    }
}

/// A file read at positions, never mapped.
#[derive(Debug)]
struct PositionedFile {
    file: File,
    len: usize,
}

impl HasLen for PositionedFile {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for PositionedFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.end > self.len || range.start > range.end {
            // A slice past the end: the file changed under the index (truncated). An error
            // the integrity check reports, never a short read taken for data.
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("read {range:?} past the end ({} bytes)", self.len),
            ));
        }
        if range.is_empty() {
            return Ok(OwnedBytes::empty());
        }
        let mut buf = vec![0; range.len()];
        read_exact_at(&self.file, &mut buf, range.start as u64)?;
        Ok(OwnedBytes::new(buf))
    }
}

/// Fills `buf` from `f` at `offset` without moving a file cursor (`pread`), so one open file
/// serves readers on several threads; used for the stores here and `tasks`' spilled rows.
#[cfg(unix)]
pub fn read_exact_at(f: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, offset)
}

#[cfg(windows)]
pub fn read_exact_at(f: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    let mut done = 0;
    while done < buf.len() {
        let n =
            std::os::windows::fs::FileExt::seek_read(f, &mut buf[done..], offset + done as u64)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        done += n;
    }
    Ok(())
}

impl Directory for StoreReadDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        if path.extension().is_some_and(|e| e == "store") {
            let full = self.root.join(path);
            let file = File::open(&full).map_err(|e| match e.kind() {
                io::ErrorKind::NotFound => OpenReadError::FileDoesNotExist(path.to_path_buf()),
                _ => OpenReadError::wrap_io_error(e, path.to_path_buf()),
            })?;
            let len = file
                .metadata()
                .map_err(|e| OpenReadError::wrap_io_error(e, path.to_path_buf()))?
                .len();
            let len = usize::try_from(len).map_err(|_| {
                OpenReadError::wrap_io_error(
                    io::Error::new(io::ErrorKind::InvalidData, "file too large"),
                    path.to_path_buf(),
                )
            })?;
            return Ok(Arc::new(PositionedFile { file, len }));
        }
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
