//! Work that arrives together is done together: one task per kind of work
//! takes whatever is waiting (up to a bound) and does it in one go.
//!
//! At a release, what a booking costs the server is mostly its statements:
//! each one through the driver costs several times a whole `GET /health`,
//! however little it does. The requests that arrive while one batch is at
//! the database wait for the next, and that one costs one statement for
//! all of them. Alone (a quiet day) a request is its own batch and waits for
//! nothing.

use std::future::Future;

use tokio::sync::{mpsc, oneshot};

use crate::error::{Result, ServerError};

type Job<Q, A> = (Q, oneshot::Sender<Result<A>>);

/// Hands `Q`s to one task that answers them in batches with `A`s.
pub struct Batcher<Q, A> {
    jobs: mpsc::Sender<Job<Q, A>>,
}

impl<Q, A> Clone for Batcher<Q, A> {
    fn clone(&self) -> Self {
        Batcher {
            jobs: self.jobs.clone(),
        }
    }
}

impl<Q: Send + 'static, A: Send + 'static> Batcher<Q, A> {
    /// Starts the task on this runtime; it lives as long as a clone does.
    /// `run` answers a batch, one answer per question in order, or fails
    /// it as a whole; `what` names the work in the log.
    pub fn start<F, Fut>(what: &'static str, max: usize, mut run: F) -> Self
    where
        F: FnMut(Vec<Q>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Vec<Result<A>>>> + Send,
    {
        let (jobs, mut queue) = mpsc::channel::<Job<Q, A>>(4 * max);
        tokio::spawn(async move {
            while let Some(first) = queue.recv().await {
                let mut batch = vec![first];
                while batch.len() < max {
                    match queue.try_recv() {
                        Ok(job) => batch.push(job),
                        Err(_) => break,
                    }
                }
                let (questions, replies): (Vec<Q>, Vec<_>) = batch.into_iter().unzip();
                match run(questions).await {
                    Ok(answers) => {
                        debug_assert_eq!(answers.len(), replies.len());
                        for (reply, answer) in replies.into_iter().zip(answers) {
                            let _ = reply.send(answer);
                        }
                    }
                    Err(e) => {
                        if !matches!(e, ServerError::Unavailable { .. }) {
                            tracing::error!(error = %e, batch = replies.len(), "{what}");
                        }
                        for reply in replies {
                            let _ = reply.send(Err(again(&e)));
                        }
                    }
                }
            }
        });
        Batcher { jobs }
    }

    /// The answer to `q`, with whatever else is waiting.
    pub async fn ask(&self, q: Q) -> Result<A> {
        let (reply, answer) = oneshot::channel();
        let gone = || ServerError::Internal(anyhow::anyhow!("a batch task has stopped"));
        self.jobs.send((q, reply)).await.map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }
}

/// The batch's failure, for each of its questions.
fn again(e: &ServerError) -> ServerError {
    match e {
        ServerError::Unavailable { retry_after } => ServerError::Unavailable {
            retry_after: *retry_after,
        },
        other => ServerError::Internal(anyhow::anyhow!("the batch failed: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 0..n asked at once, the answers in that order.
    async fn ask_all(b: &Batcher<u32, u32>, n: u32) -> Vec<Result<u32>> {
        let asking: Vec<_> = (0..n)
            .map(|q| {
                let b = b.clone();
                tokio::spawn(async move { b.ask(q).await })
            })
            .collect();
        let mut answers = Vec::new();
        for a in asking {
            answers.push(a.await.unwrap());
        }
        answers
    }

    #[tokio::test]
    async fn questions_asked_together_are_answered_in_one_batch_each_with_its_own_answer() {
        let (sizes, mut seen) = mpsc::unbounded_channel();
        let squares = Batcher::start("squares", 8, move |qs: Vec<u32>| {
            sizes.send(qs.len()).unwrap();
            async move {
                Ok(qs
                    .into_iter()
                    .map(|q| {
                        if q == 7 {
                            Err(ServerError::SlotFull)
                        } else {
                            Ok(q * q)
                        }
                    })
                    .collect())
            }
        });
        for (q, a) in ask_all(&squares, 20).await.into_iter().enumerate() {
            match a {
                Ok(a) => assert_eq!(a, (q * q) as u32),
                Err(e) => assert!(q == 7 && matches!(e, ServerError::SlotFull), "{q}: {e}"),
            }
        }
        let mut batches = Vec::new();
        while let Ok(n) = seen.try_recv() {
            batches.push(n);
        }
        assert_eq!(batches.iter().sum::<usize>(), 20);
        assert!(batches.iter().all(|&n| n <= 8), "{batches:?}");
        assert!(batches.len() < 20, "nothing was batched: {batches:?}");
    }

    #[tokio::test]
    async fn a_failed_batch_fails_each_of_its_questions() {
        let b = Batcher::start("down", 4, |qs: Vec<u32>| async move {
            let _ = qs;
            Err::<Vec<Result<u32>>, _>(ServerError::Unavailable { retry_after: 2 })
        });
        for a in ask_all(&b, 6).await {
            assert!(matches!(
                a,
                Err(ServerError::Unavailable { retry_after: 2 })
            ));
        }
    }
}
