//! Application, report and interview-question events (thin: ids and what changed).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Keyed;
use crate::application::Stage;
use crate::ids::{AccountId, ApplicationId, CompanyId, JobCode, QuestionId, ReportId};
use crate::report::{ReportReason, ReportStatus};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ApplicationSubmitted {
    pub application: ApplicationId,
    pub job_code: JobCode,
    pub candidate: AccountId,
}

/// A move between stages by the posting's recruiters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ApplicationStageChanged {
    pub application: ApplicationId,
    pub job_code: JobCode,
    pub from: Stage,
    pub to: Stage,
    pub by: AccountId,
}

/// The candidate took the application back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ApplicationWithdrawn {
    pub application: ApplicationId,
    pub job_code: JobCode,
    pub from: Stage,
    pub by: AccountId,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReportFiled {
    pub report: ReportId,
    pub job_code: JobCode,
    pub reason: ReportReason,
    pub reporter: AccountId,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReportResolved {
    pub report: ReportId,
    pub job_code: JobCode,
    pub status: ReportStatus,
    /// The moderator who decided.
    pub by: AccountId,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QuestionCreated {
    pub question: QuestionId,
    /// The company whose private bank holds it; absent for the shared bank.
    pub company: Option<CompanyId>,
    /// Its author; absent when the operator's seed wrote it.
    pub by: Option<AccountId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QuestionUpdated {
    pub question: QuestionId,
    pub by: Option<AccountId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QuestionDeleted {
    pub question: QuestionId,
    pub by: Option<AccountId>,
}

impl Keyed for ApplicationSubmitted {
    fn key(&self) -> String {
        self.application.0.to_string()
    }
}
impl Keyed for ApplicationStageChanged {
    fn key(&self) -> String {
        self.application.0.to_string()
    }
}
impl Keyed for ApplicationWithdrawn {
    fn key(&self) -> String {
        self.application.0.to_string()
    }
}
impl Keyed for ReportFiled {
    fn key(&self) -> String {
        self.report.0.to_string()
    }
}
impl Keyed for ReportResolved {
    fn key(&self) -> String {
        self.report.0.to_string()
    }
}
impl Keyed for QuestionCreated {
    fn key(&self) -> String {
        self.question.0.to_string()
    }
}
impl Keyed for QuestionUpdated {
    fn key(&self) -> String {
        self.question.0.to_string()
    }
}
impl Keyed for QuestionDeleted {
    fn key(&self) -> String {
        self.question.0.to_string()
    }
}
