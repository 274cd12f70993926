//! The request bytes buffered at once, across all connections (`--max-buffered-bytes`).
//!
//! A request's body is buffered whole before it is validated and forwarded. Before its bytes are
//! read, room for them is taken from the budget: all of a declared `Content-Length` at once, a
//! chunked body piece by piece as it arrives. The room is given back once the upstream has
//! answered (the body has been sent by then). A request that cannot get room within
//! `--buffer-timeout` is refused (503); waiting requests are served first come, first served,
//! and their unread bytes stay in the kernel's socket buffers and hyper's read buffer (at most
//! about 400 KiB a connection), not in the budget's memory.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt as _;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use std::sync::Arc;

/// The smallest step a chunked body's room grows by (fewer trips to the semaphore).
const STEP: usize = 64 * 1024;

/// The budget: one permit a byte.
pub(crate) struct Budget {
    bytes: Arc<Semaphore>,
    max_body: usize,
    wait: Duration,
    stall: Duration,
}

/// Why a body was not buffered.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// It is larger than the body limit (413).
    TooLarge(usize),
    /// No room came within the wait (503).
    NoRoom,
    /// No bytes came for the stall limit (408).
    Stalled(Duration),
    /// The stream failed (the client went away, or broke the framing).
    Unreadable(String),
}

/// A buffered body and the room it holds until dropped.
pub(crate) struct Buffered {
    pub(crate) bytes: Bytes,
    pub(crate) room: Option<OwnedSemaphorePermit>,
}

impl Budget {
    /// `total` bytes in all; a body at most `max_body`; `wait` for room; `stall` between pieces.
    pub(crate) fn new(total: usize, max_body: usize, wait: Duration, stall: Duration) -> Budget {
        Budget { bytes: Arc::new(Semaphore::new(total)), max_body, wait, stall }
    }

    /// Reads `body` whole, `declared` bytes long when its `Content-Length` says so.
    pub(crate) async fn buffer<B>(
        &self,
        body: B,
        declared: Option<u64>,
    ) -> Result<Buffered, Refused>
    where
        B: http_body::Body<Data = Bytes>,
        B::Error: std::fmt::Display,
    {
        let deadline = Instant::now() + self.wait;
        let mut room: Option<OwnedSemaphorePermit> = None;
        let mut held = 0usize;
        if let Some(n) = declared {
            let n = usize::try_from(n).unwrap_or(usize::MAX);
            if n > self.max_body {
                return Err(Refused::TooLarge(self.max_body));
            }
            if n > 0 {
                room = Some(self.take(n, deadline).await?);
                held = n;
            }
        }
        let mut body = std::pin::pin!(body);
        // One piece is kept as it came; more are copied into one buffer.
        let mut first: Option<Bytes> = None;
        let mut joined = BytesMut::new();
        let mut size = 0usize;
        loop {
            let frame = match tokio::time::timeout(self.stall, body.frame()).await {
                Err(_) => return Err(Refused::Stalled(self.stall)),
                Ok(None) => break,
                Ok(Some(Err(e))) => return Err(Refused::Unreadable(e.to_string())),
                Ok(Some(Ok(frame))) => frame,
            };
            // Trailers of a request are not forwarded: the upstream gets a body of known length.
            let Ok(data) = frame.into_data() else { continue };
            if data.is_empty() {
                continue;
            }
            size = size.saturating_add(data.len());
            if size > self.max_body {
                return Err(Refused::TooLarge(self.max_body));
            }
            if size > held {
                let more = (size - held).max(STEP).min(self.max_body - held);
                let permit = self.take(more, deadline).await?;
                match &mut room {
                    Some(r) => r.merge(permit),
                    None => room = Some(permit),
                }
                held += more;
            }
            match first.take() {
                None if joined.is_empty() => first = Some(data),
                None => joined.extend_from_slice(&data),
                Some(one) => {
                    joined.reserve(declared.map_or(size, |n| n as usize));
                    joined.extend_from_slice(&one);
                    joined.extend_from_slice(&data);
                }
            }
        }
        let bytes = first.unwrap_or_else(|| joined.freeze());
        // Room taken for a chunked body beyond its size goes back at once.
        if let Some(r) = &mut room
            && held > bytes.len()
            && let Some(extra) = r.split(held - bytes.len())
        {
            drop(extra);
        }
        Ok(Buffered { bytes, room })
    }

    async fn take(&self, n: usize, deadline: Instant) -> Result<OwnedSemaphorePermit, Refused> {
        let n = u32::try_from(n).map_err(|_| Refused::TooLarge(self.max_body))?;
        match tokio::time::timeout_at(deadline, self.bytes.clone().acquire_many_owned(n)).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(_)) | Err(_) => Err(Refused::NoRoom),
        }
    }

    /// The bytes not in use now.
    #[cfg(test)]
    fn free(&self) -> usize {
        self.bytes.available_permits()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    use http_body_util::Full;

    /// A body sent in pieces, without a known length.
    struct Pieces(VecDeque<Bytes>);

    impl http_body::Body for Pieces {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
            std::task::Poll::Ready(self.0.pop_front().map(|b| Ok(http_body::Frame::data(b))))
        }
    }

    fn chunked(pieces: &[&'static str]) -> Pieces {
        Pieces(pieces.iter().map(|p| Bytes::from(*p)).collect())
    }

    fn rt() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
    }

    #[test]
    fn declared_bodies_take_their_length_and_give_it_back() {
        rt().block_on(async {
            let budget = Budget::new(100, 60, Duration::from_millis(50), Duration::from_secs(1));
            let one =
                budget.buffer(Full::new(Bytes::from("x".repeat(60))), Some(60)).await.unwrap();
            assert_eq!((one.bytes.len(), budget.free()), (60, 40));
            let refused = budget.buffer(Full::new(Bytes::from("y".repeat(50))), Some(50)).await;
            assert_eq!(refused.err(), Some(Refused::NoRoom));
            drop(one);
            assert_eq!(budget.free(), 100);
            let refused = budget.buffer(Full::new(Bytes::from("z".repeat(61))), Some(61)).await;
            assert_eq!(refused.err(), Some(Refused::TooLarge(60)));
            assert_eq!(budget.free(), 100);
        });
    }

    #[test]
    fn chunked_bodies_are_joined_and_keep_only_their_size() {
        rt().block_on(async {
            let budget =
                Budget::new(1 << 20, 1 << 19, Duration::from_millis(50), Duration::from_secs(1));
            let got = budget.buffer(chunked(&["{\"a\":", " 1", "}"]), None).await.unwrap();
            assert_eq!(got.bytes, "{\"a\": 1}");
            assert_eq!(budget.free(), (1 << 20) - 8);
            drop(got);
            let budget = Budget::new(100, 10, Duration::from_millis(50), Duration::from_secs(1));
            let refused = budget.buffer(chunked(&["12345", "678901"]), None).await;
            assert_eq!(refused.err(), Some(Refused::TooLarge(10)));
            assert_eq!(budget.free(), 100);
        });
    }
}
