//! A posting's pipeline at a glance: how many applications stand at each stage, counted from
//! application events.

use super::Stage;
use crate::event::Event;
use crate::ids::JobCode;

/// The count of a posting's applications at each stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipeline {
    pub job_code: JobCode,
    /// Every stage, in pipeline order, with its applications (none for a stage never reached).
    pub stages: Vec<(Stage, u64)>,
}

impl Pipeline {
    /// From stored counts, which may lack stages no application reached.
    pub fn from_counts(job_code: JobCode, counts: &[(Stage, i64)]) -> Pipeline {
        let stages = Stage::ALL
            .iter()
            .map(|&stage| {
                let count = counts
                    .iter()
                    .filter(|(counted, _)| *counted == stage)
                    .map(|(_, count)| *count)
                    .sum::<i64>();
                (stage, u64::try_from(count).unwrap_or(0))
            })
            .collect();
        Pipeline { job_code, stages }
    }

    pub fn total(&self) -> u64 {
        self.stages.iter().map(|(_, count)| count).sum()
    }
}

/// What `event` changes in its posting's pipeline: the posting, and the change at each stage;
/// `None` for events that move no application.
pub fn moves(event: &Event) -> Option<(JobCode, Vec<(Stage, i64)>)> {
    match event {
        Event::ApplicationSubmitted(submitted) => {
            Some((submitted.job_code, vec![(Stage::Applied, 1)]))
        }
        Event::ApplicationStageChanged(changed) => {
            Some((changed.job_code, vec![(changed.from, -1), (changed.to, 1)]))
        }
        Event::ApplicationWithdrawn(withdrawn) => Some((
            withdrawn.job_code,
            vec![(withdrawn.from, -1), (Stage::Withdrawn, 1)],
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{ApplicationStageChanged, ApplicationSubmitted, ApplicationWithdrawn};
    use crate::ids::{AccountId, ApplicationId};

    fn code() -> JobCode {
        JobCode::new(1_546_216).unwrap()
    }

    #[test]
    fn each_application_event_moves_one_application() {
        let (application, by) = (ApplicationId(7), AccountId(3));
        let submitted = Event::ApplicationSubmitted(ApplicationSubmitted {
            application,
            job_code: code(),
            candidate: by,
        });
        let changed = Event::ApplicationStageChanged(ApplicationStageChanged {
            application,
            job_code: code(),
            from: Stage::Applied,
            to: Stage::Interview,
            by,
        });
        let withdrawn = Event::ApplicationWithdrawn(ApplicationWithdrawn {
            application,
            job_code: code(),
            from: Stage::Interview,
            by,
        });
        let mut counts = Vec::new();
        for event in [&submitted, &changed, &withdrawn] {
            let (job_code, moves) = moves(event).expect("an application event");
            assert_eq!(job_code, code());
            assert_eq!(
                moves.iter().map(|(_, n)| n).sum::<i64>(),
                i64::from(event == &submitted)
            );
            counts.extend(moves);
        }
        let pipeline = Pipeline::from_counts(code(), &counts);
        assert_eq!(pipeline.total(), 1);
        assert!(pipeline
            .stages
            .iter()
            .all(|(stage, n)| *n == u64::from(*stage == Stage::Withdrawn)));
        assert_eq!(pipeline.stages.len(), Stage::ALL.len());
    }
}
