//! Streams (`virStream`): blocking transfers between the caller and the server, as libvirt's
//! ESX driver has them (`esx_stream.c`). A stream starts unused; a driver call that moves data
//! opens it in one direction by attaching a [`StreamSource`] (the caller receives: a
//! screenshot, a volume download) or a [`StreamSink`] (the caller sends: a volume upload).
//! The caller then moves the data piece by piece (`virStreamRecv`/`virStreamSend`) and ends with
//! `virStreamFinish` (the transfer must be complete) or `virStreamAbort`. Nothing holds the
//! whole content: each piece goes from the source to the caller's buffer, or from the caller's
//! buffer to the sink.

use crate::error::{code, domain as from, Error, Result};
use crate::vsphere::{Download, Upload};
use std::sync::{Mutex, MutexGuard};

/// Where a download stream's data comes from.
pub trait StreamSource: Send {
    /// Up to `buf.len()` bytes into `buf` (a non-empty buffer); 0 once the data has ended.
    fn read(&mut self, buf: &mut [u8]) -> Result<usize>;
    /// Whether the data has ended (a read returned 0).
    fn ended(&self) -> bool;
}

/// Where an upload stream's data goes.
pub trait StreamSink: Send {
    /// Takes the start of `data` (a non-empty slice): at least one byte; returns how many.
    fn write(&mut self, data: &[u8]) -> Result<usize>;
    /// All data is written: complete the transfer and report the server's answer. A sink
    /// dropped without this is aborted (its transfer must not pass for a complete one).
    fn finish(self: Box<Self>) -> Result<()>;
}

/// An HTTP GET's response body as a source.
impl StreamSource for Download {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize> {
        Ok(Download::read(self, buf)?)
    }
    fn ended(&self) -> bool {
        Download::ended(self)
    }
}

/// An HTTP PUT's request body as a sink.
impl StreamSink for Upload {
    fn write(&mut self, data: &[u8]) -> Result<usize> {
        Ok(Upload::write(self, data)?)
    }
    fn finish(self: Box<Self>) -> Result<()> {
        Ok(Upload::finish(*self)?)
    }
}

/// `VIR_STREAM_NONBLOCK`
pub const NONBLOCK: u32 = 1;

enum State {
    /// No driver call has opened it (libvirt: no stream driver yet).
    Unused,
    Download(Box<dyn StreamSource>),
    Upload(Box<dyn StreamSink>),
    /// Finished or aborted (libvirt: a stream driver without private data).
    Closed,
}

/// A stream's driver side. `None` from a transfer call means the stream was never opened:
/// the ABI layer reports libvirt's "not supported" for it.
pub struct Stream {
    flags: u32,
    state: Mutex<State>,
}

fn esx(code: i32, msg: &str) -> Error {
    Error::new(from::ESX, code, msg)
}

fn not_open() -> Error {
    Error::internal("Stream is not open")
}

impl Stream {
    /// A new, unused stream with `virStreamNew`'s flags.
    pub fn new(flags: u32) -> Stream {
        Stream {
            flags,
            state: Mutex::new(State::Unused),
        }
    }

    /// Whether the caller asked for a non-blocking stream.
    pub fn nonblocking(&self) -> bool {
        self.flags & NONBLOCK != 0
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // every change is one assignment: a panic cannot leave a half-changed state
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// libvirt's ESX streams are blocking only.
    fn check_blocking(&self) -> Result<()> {
        if self.nonblocking() {
            return Err(esx(
                code::OPERATION_INVALID,
                "Non-blocking streams are not supported yet",
            ));
        }
        Ok(())
    }

    /// Open the stream for the caller to receive the data of the source `open` starts (called
    /// once the stream is known to be usable). A transfer the stream was still carrying is
    /// dropped, as libvirt's ESX driver replaces it.
    pub fn open_download<S: StreamSource + 'static>(
        &self,
        open: impl FnOnce() -> Result<S>,
    ) -> Result<()> {
        self.check_blocking()?;
        let source = open()?;
        *self.state() = State::Download(Box::new(source));
        Ok(())
    }

    /// Open the stream for the caller to send data into the sink `open` starts.
    pub fn open_upload<S: StreamSink + 'static>(
        &self,
        open: impl FnOnce() -> Result<S>,
    ) -> Result<()> {
        self.check_blocking()?;
        let sink = open()?;
        *self.state() = State::Upload(Box::new(sink));
        Ok(())
    }

    /// `virStreamRecv`: fills `buf` unless the data ends first (then fewer bytes; 0 at the
    /// end), as libvirt's blocking ESX stream does.
    pub fn recv(&self, buf: &mut [u8]) -> Result<Option<usize>> {
        let mut state = self.state();
        let source = match &mut *state {
            State::Unused => return Ok(None),
            _ if buf.is_empty() => return Ok(Some(0)),
            State::Closed => return Err(not_open()),
            State::Upload(_) => return Err(esx(code::INVALID_ARG, "Not a download stream")),
            State::Download(s) => s,
        };
        let mut got = 0;
        while got < buf.len() {
            let n = source.read(&mut buf[got..])?;
            if n == 0 {
                break;
            }
            got += n;
        }
        Ok(Some(got))
    }

    /// `virStreamSend`: takes all of `data`, or fails.
    pub fn send(&self, data: &[u8]) -> Result<Option<usize>> {
        let mut state = self.state();
        let sink = match &mut *state {
            State::Unused => return Ok(None),
            _ if data.is_empty() => return Ok(Some(0)),
            State::Closed => return Err(not_open()),
            State::Download(_) => return Err(esx(code::INVALID_ARG, "Not an upload stream")),
            State::Upload(s) => s,
        };
        let mut put = 0;
        while put < data.len() {
            put += sink.write(&data[put..])?;
        }
        Ok(Some(put))
    }

    /// `virStreamFinish`: the transfer must be complete (a download read to its end; an
    /// upload accepted by the server). The stream is closed either way.
    pub fn finish(&self) -> Result<Option<()>> {
        let mut state = self.state();
        if matches!(*state, State::Unused) {
            return Ok(None);
        }
        let old = std::mem::replace(&mut *state, State::Closed);
        // an upload's finish waits for the server: not under the lock
        drop(state);
        match old {
            State::Unused | State::Closed => Ok(Some(())),
            State::Download(s) if !s.ended() => {
                Err(Error::internal("Stream has untransferred data left"))
            }
            State::Download(_) => Ok(Some(())),
            State::Upload(s) => s.finish().map(Some),
        }
    }

    /// `virStreamAbort` (and what `virStreamFree` does to a stream still open): drop the
    /// transfer. An unused stream stays unused, as in libvirt.
    pub fn abort(&self) {
        let mut state = self.state();
        if !matches!(*state, State::Unused) {
            *state = State::Closed;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex as StdMutex};

    /// A source of `total` bytes counting up, handed out at most `step` at a time.
    struct Counting {
        total: usize,
        at: usize,
        step: usize,
        ended: bool,
    }

    impl StreamSource for Counting {
        fn read(&mut self, buf: &mut [u8]) -> Result<usize> {
            let n = buf.len().min(self.step).min(self.total - self.at);
            for (i, b) in buf[..n].iter_mut().enumerate() {
                *b = (self.at + i) as u8;
            }
            self.at += n;
            self.ended = n == 0;
            Ok(n)
        }
        fn ended(&self) -> bool {
            self.ended
        }
    }

    /// A sink that keeps what it got (shared with the test) and takes `step` bytes a write.
    struct Keeping {
        got: Arc<StdMutex<Vec<u8>>>,
        finished: Arc<StdMutex<bool>>,
        step: usize,
    }

    impl StreamSink for Keeping {
        fn write(&mut self, data: &[u8]) -> Result<usize> {
            let n = data.len().min(self.step);
            self.got.lock().unwrap().extend_from_slice(&data[..n]);
            Ok(n)
        }
        fn finish(self: Box<Self>) -> Result<()> {
            *self.finished.lock().unwrap() = true;
            Ok(())
        }
    }

    #[test]
    fn downloads_fill_the_callers_buffer() {
        let s = Stream::new(0);
        let mut buf = [0u8; 100];
        assert_eq!(s.recv(&mut buf).unwrap(), None, "unused");
        assert!(s.finish().unwrap().is_none(), "unused: not supported");
        s.abort();
        assert_eq!(s.recv(&mut buf).unwrap(), None, "abort keeps it unused");
        s.open_download(|| {
            Ok(Counting {
                total: 250,
                at: 0,
                step: 7,
                ended: false,
            })
        })
        .unwrap();
        assert_eq!(s.recv(&mut []).unwrap(), Some(0));
        assert_eq!(s.recv(&mut buf).unwrap(), Some(100));
        assert_eq!(buf[99], 99);
        let e = s.send(b"x").unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            (code::INVALID_ARG, "invalid argument: Not an upload stream")
        );
        assert_eq!(s.recv(&mut buf).unwrap(), Some(100));
        assert_eq!(s.recv(&mut buf).unwrap(), Some(50));
        assert_eq!(buf[49], 249);
        assert_eq!(s.recv(&mut buf).unwrap(), Some(0));
        assert_eq!(s.finish().unwrap(), Some(()));
        assert_eq!(
            s.recv(&mut buf).unwrap_err().message,
            "internal error: Stream is not open"
        );
        assert_eq!(s.finish().unwrap(), Some(()), "finishing twice is fine");
    }

    #[test]
    fn a_download_finished_early_reports_the_rest() {
        let s = Stream::new(0);
        s.open_download(|| {
            Ok(Counting {
                total: 10,
                at: 0,
                step: 10,
                ended: false,
            })
        })
        .unwrap();
        let mut buf = [0u8; 4];
        s.recv(&mut buf).unwrap();
        let e = s.finish().unwrap_err();
        assert_eq!(
            e.message,
            "internal error: Stream has untransferred data left"
        );
        assert!(s.recv(&mut buf).is_err(), "closed anyway");
    }

    #[test]
    fn uploads_take_everything_and_finish() {
        let got = Arc::new(StdMutex::new(Vec::new()));
        let finished = Arc::new(StdMutex::new(false));
        let s = Stream::new(0);
        assert_eq!(s.send(b"abc").unwrap(), None, "unused");
        s.open_upload(|| {
            Ok(Keeping {
                got: got.clone(),
                finished: finished.clone(),
                step: 3,
            })
        })
        .unwrap();
        assert_eq!(s.send(b"").unwrap(), Some(0));
        assert_eq!(s.send(b"hello world").unwrap(), Some(11));
        let e = s.recv(&mut [0u8; 4]).unwrap_err();
        assert_eq!(e.message, "invalid argument: Not a download stream");
        assert_eq!(s.finish().unwrap(), Some(()));
        assert!(*finished.lock().unwrap());
        assert_eq!(&got.lock().unwrap()[..], b"hello world");
        assert!(s.send(b"more").is_err());
    }

    #[test]
    fn aborted_uploads_are_not_finished() {
        let finished = Arc::new(StdMutex::new(false));
        let s = Stream::new(0);
        s.open_upload(|| {
            Ok(Keeping {
                got: Arc::default(),
                finished: finished.clone(),
                step: 1,
            })
        })
        .unwrap();
        s.send(b"ab").unwrap();
        s.abort();
        assert!(!*finished.lock().unwrap());
        assert_eq!(s.finish().unwrap(), Some(()), "closed: nothing left to do");
    }

    #[test]
    fn nonblocking_streams_are_refused() {
        let s = Stream::new(NONBLOCK);
        let e = s
            .open_download(|| -> Result<Counting> {
                panic!("not started for a non-blocking stream")
            })
            .unwrap_err();
        assert_eq!(
            e.message,
            "Requested operation is not valid: Non-blocking streams are not supported yet"
        );
        assert_eq!(s.recv(&mut [0u8; 1]).unwrap(), None);
    }
}
