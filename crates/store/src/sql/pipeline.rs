//! Applicant counts per stage ([`PipelineCounts`]).

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use hireboard_domain::application::Stage;
use hireboard_domain::ids::JobCode;
use sqlx::{QueryBuilder, Row};

use super::common::stored;
use super::{ts, Backend, Db, INSERT_OR_IGNORE, ON_CONFLICT_IGNORE};
use crate::pipeline::{CountedEvent, PipelineCounts};
use crate::StoreResult;

#[async_trait]
impl PipelineCounts for Backend {
    async fn count_once(
        &self,
        consumer: &str,
        events: Vec<CountedEvent>,
        now: DateTime<Utc>,
    ) -> StoreResult<usize> {
        let consumer = consumer.to_owned();
        self.writer
            .run(move |conn| {
                Box::pin(async move {
                    // Each count is changed once per transaction, in one order for every
                    // writer, however many of the events move it.
                    let mut changes: BTreeMap<(i64, &'static str), i64> = BTreeMap::new();
                    let mut counted = 0;
                    for event in events {
                        let mut sql = QueryBuilder::<Db>::new(format!(
                            "{INSERT_OR_IGNORE} INTO consumer_applied (consumer, event_id, applied_at) VALUES ("
                        ));
                        sql.separated(", ")
                            .push_bind(consumer.clone())
                            .push_bind(event.event_id)
                            .push_bind(ts(now));
                        sql.push(")").push(ON_CONFLICT_IGNORE);
                        if sql.build().execute(&mut *conn).await?.rows_affected() == 0 {
                            continue;
                        }
                        counted += 1;
                        for (stage, change) in event.moves {
                            *changes
                                .entry((event.job_code.get(), stage.as_str()))
                                .or_default() += change;
                        }
                    }
                    for ((code, stage), change) in changes {
                        if change == 0 {
                            continue;
                        }
                        // Insert-then-update works alike on every backend, where upserts differ.
                        let mut sql = QueryBuilder::<Db>::new(format!(
                            "{INSERT_OR_IGNORE} INTO pipeline_counts (job_code, stage, applications) VALUES ("
                        ));
                        sql.separated(", ")
                            .push_bind(code)
                            .push_bind(stage)
                            .push_bind(0_i64);
                        sql.push(")").push(ON_CONFLICT_IGNORE);
                        sql.build().execute(&mut *conn).await?;
                        let mut sql = QueryBuilder::<Db>::new(
                            "UPDATE pipeline_counts SET applications = applications + ",
                        );
                        sql.push_bind(change)
                            .push(" WHERE job_code = ")
                            .push_bind(code)
                            .push(" AND stage = ")
                            .push_bind(stage);
                        sql.build().execute(&mut *conn).await?;
                    }
                    Ok(counted)
                })
            })
            .await
    }

    async fn forget_counted(&self, consumer: &str, before: DateTime<Utc>) -> StoreResult<u64> {
        let consumer = consumer.to_owned();
        self.writer
            .run(move |conn| {
                Box::pin(async move {
                    let mut sql =
                        QueryBuilder::<Db>::new("DELETE FROM consumer_applied WHERE consumer = ");
                    sql.push_bind(consumer)
                        .push(" AND applied_at < ")
                        .push_bind(ts(before));
                    Ok(sql.build().execute(&mut *conn).await?.rows_affected())
                })
            })
            .await
    }

    async fn pipeline(&self, job_code: JobCode) -> StoreResult<Vec<(Stage, i64)>> {
        let mut sql = QueryBuilder::<Db>::new(
            "SELECT stage, applications FROM pipeline_counts WHERE job_code = ",
        );
        sql.push_bind(job_code.get());
        let rows = sql.build().fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                let stage = stored(row.try_get("stage")?, Stage::from_db)?;
                Ok((stage, row.try_get("applications")?))
            })
            .collect()
    }
}
