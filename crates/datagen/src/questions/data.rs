//! Data: engineering, analytics and machine learning.

use hireboard_domain::interview::Difficulty::{Easy as E, Hard as H, Medium as M};

use super::Entry;

pub(super) const ENGINEERING: &[Entry] = &[
    (
        M,
        &["spark"],
        "What is the difference between a transformation and an action in Spark?",
        "Transformations such as select, filter, join and groupBy are lazy: they only add steps to a logical plan. Actions such as count, collect or write trigger execution, at which point Spark optimizes the whole plan and runs it as stages of tasks across the cluster. Wide transformations such as joins and aggregations need a shuffle between stages, which is usually the most expensive part of a job.",
    ),
    (
        H,
        &["spark"],
        "How do you deal with data skew in Spark joins?",
        "Skew means a few keys hold most of the rows, so a few tasks run far longer than the rest. Options are broadcasting the smaller table so no shuffle is needed, enabling adaptive query execution's skew-join handling, salting hot keys with a random suffix while replicating the other side, or processing the hot keys separately. Task durations and shuffle sizes in the Spark UI show where the skew is.",
    ),
    (
        M,
        &["airflow"],
        "What makes an Airflow DAG production-ready?",
        "Tasks should be idempotent and deterministic for a given logical date, so retries and backfills produce the same result, for example by overwriting one partition instead of appending. Keep heavy processing out of the scheduler and the DAG file, delegating it to systems such as Spark or the warehouse, and configure retries, timeouts and alerting. Pass only small metadata between tasks and keep connections and secrets in a secrets backend.",
    ),
    (
        E,
        &["data modeling", "sql"],
        "What is the difference between a star schema and a snowflake schema?",
        "A star schema has a central fact table of measurable events, such as orders, with foreign keys to denormalized dimension tables such as customer, product and date. A snowflake schema normalizes the dimensions into several related tables, saving some storage but requiring more joins. Star schemas are usually preferred in analytical warehouses because they are simpler to query and fast on columnar storage.",
    ),
    (
        M,
        &["data modeling"],
        "What are slowly changing dimensions?",
        "They are dimension attributes that change over time, such as a customer's address. Type 1 overwrites the old value and loses history; type 2 adds a new row with validity dates and a current flag, so facts join to the version valid at the time; type 3 keeps the previous value in an extra column. Type 2 is the usual choice when reports must reflect historical values.",
    ),
    (
        M,
        &["kafka", "flink"],
        "What is the difference between batch and stream processing?",
        "Batch processing handles bounded datasets on a schedule, such as a nightly job, which is simple and efficient but adds latency. Stream processing handles unbounded events continuously as they arrive, with latency of seconds or less, but must deal with out-of-order data, windows, state and delivery guarantees, using tools such as Kafka Streams or Flink. Many platforms combine both: streaming for fresh results and batch for reprocessing.",
    ),
    (
        M,
        &["dbt", "sql"],
        "What does dbt add to a SQL data warehouse?",
        "dbt lets analysts and engineers write transformations as version-controlled SELECT statements, called models, that it compiles and runs in the warehouse in dependency order. It adds data tests such as unique and not_null, documentation and lineage graphs, incremental models and reusable macros. This brings software engineering practices such as code review and CI to analytics code.",
    ),
    (
        M,
        &["snowflake", "bigquery"],
        "Why are columnar formats and warehouses fast for analytics?",
        "Columnar storage, as in Parquet, BigQuery or Snowflake, stores each column's values together, so a query reads only the columns it uses, and similar values compress very well. Engines also skip blocks using min and max statistics and partition pruning, and process columns in vectorized batches. The trade-off is that single-row updates and lookups are slow, so operational workloads stay in row-oriented databases.",
    ),
];

pub(super) const ANALYTICS: &[Entry] = &[
    (
        M,
        &["a/b testing", "statistics"],
        "How do you design and evaluate an A/B test?",
        "Define one primary metric and the minimum effect worth detecting, then compute the sample size needed for the chosen significance level and power before starting. Randomize users, not sessions, into control and variant, check that the split is balanced, and run for the planned duration, usually whole weeks, without stopping early when the result looks good. Evaluate with an appropriate statistical test and confidence intervals, and check guardrail metrics for harm.",
    ),
    (
        M,
        &["statistics"],
        "What does a p-value mean?",
        "A p-value is the probability of seeing a result at least as extreme as the one observed if the null hypothesis were true. A small p-value means the data are unlikely under the null, but it is not the probability that the null hypothesis is true and says nothing about the size or importance of an effect. Report effect sizes with confidence intervals, and correct for running many tests, which inflates false positives.",
    ),
    (
        E,
        &["statistics"],
        "What is the difference between correlation and causation?",
        "Correlation means two variables move together; causation means changing one changes the other. A correlation can come from a confounder that affects both, from reverse causation or from chance, as with ice-cream sales and drownings both rising in summer. Establishing causation needs a randomized experiment or careful causal-inference methods such as difference-in-differences.",
    ),
    (
        E,
        &["sql"],
        "What are SQL window functions, and what would you use them for?",
        "Window functions compute a value over a set of rows related to the current row without collapsing them the way GROUP BY does, using OVER (PARTITION BY ... ORDER BY ...). Examples are ROW_NUMBER() to pick the latest order per customer, LAG() to compare with the previous period and SUM() OVER for running totals. They make many analytical queries simpler and faster than self-joins.",
    ),
    (
        M,
        &["data visualization"],
        "How do you choose the right chart for your data?",
        "Start from the question: line charts for trends over time, bar charts for comparing categories, histograms or box plots for distributions, and scatter plots for the relationship between two variables. Avoid pie charts with many slices and 3D effects, start bar axes at zero, label clearly and highlight the point the audience should take away. The best chart is the simplest one that answers the question.",
    ),
    (
        M,
        &["pandas", "python"],
        "How do you handle missing values in a dataset?",
        "First understand why values are missing, completely at random, at random given other variables, or not at random, because that decides which approaches bias the results. Options are dropping rows or columns when little is missing, imputing with a median, mode or model-based estimate, adding an indicator column for missingness, or using models that handle missing values natively. Document the choice and check how sensitive the results are to it.",
    ),
];

pub(super) const MACHINE_LEARNING: &[Entry] = &[
    (
        E,
        &["machine learning"],
        "What is overfitting, and how do you prevent it?",
        "A model overfits when it learns noise in the training data, so it performs well on training data but poorly on new data. You detect it by comparing training and validation performance. Prevent it with more data, simpler models, regularization such as L1, L2 or dropout, early stopping, data augmentation, and cross-validation for model selection.",
    ),
    (
        M,
        &["machine learning", "statistics"],
        "Explain the bias-variance trade-off.",
        "Bias is error from overly simple assumptions that make a model miss real patterns, which is underfitting; variance is error from sensitivity to the particular training sample, which is overfitting. Increasing model complexity usually lowers bias and raises variance, and the best generalization balances the two. Regularization, ensembling and more data shift the balance.",
    ),
    (
        M,
        &["machine learning"],
        "Why is accuracy a poor metric for imbalanced classification, and what would you use instead?",
        "With 1% positives, a model that always predicts negative is 99% accurate and useless. Use precision (how many predicted positives are right), recall (how many actual positives are found), the F1 score and the precision-recall curve, and choose the decision threshold from the business cost of false positives and false negatives. ROC AUC can look optimistic when positives are rare.",
    ),
    (
        M,
        &["machine learning", "mlops"],
        "What is data leakage in machine learning?",
        "Leakage is when information that will not be available at prediction time gets into training, making offline results look much better than real performance. Examples are features computed from the target or from future data, preprocessing fitted on the full dataset before splitting, and random splits of time-series data. Prevent it with time-based splits, pipelines that fit preprocessing only on training folds, and checks of when each feature becomes available.",
    ),
    (
        M,
        &["mlops"],
        "How do you monitor a machine-learning model in production?",
        "Monitor the service itself, with latency, errors and throughput, and the data: input feature distributions compared with the training data to catch drift, missing or out-of-range values, and the distribution of predictions. When ground truth arrives later, track actual model performance over time and by segment. Alert on significant drift or degradation, and keep a retraining and rollback process ready.",
    ),
    (
        H,
        &["nlp", "llms"],
        "What is retrieval-augmented generation (RAG)?",
        "RAG answers questions with a large language model by first retrieving relevant documents, typically by embedding the query and searching a vector index, often combined with keyword search, and then adding the retrieved passages to the prompt. This grounds answers in current or private data without retraining the model and allows citing sources. Quality depends heavily on chunking, retrieval ranking and evaluation, and the model can still hallucinate when retrieval misses.",
    ),
    (
        M,
        &["pytorch", "machine learning"],
        "What is gradient descent, and what do the learning rate and batch size control?",
        "Gradient descent minimizes a loss by repeatedly moving the parameters against the gradient of the loss. The learning rate sets the step size: too high and training diverges or oscillates, too low and it is slow. The mini-batch size sets how many examples each gradient estimate uses, trading noisier updates against memory and throughput, and optimizers such as Adam adapt the step size per parameter.",
    ),
    (
        E,
        &["scikit-learn", "machine learning"],
        "What is cross-validation, and why use it?",
        "k-fold cross-validation splits the data into k folds, trains on k-1 of them and evaluates on the remaining one, rotating so every fold is used once for validation. Averaging the scores gives a more reliable estimate of performance than a single split, which matters for model selection and hyperparameter tuning on limited data. Time-series data needs forward-chaining splits instead of random folds.",
    ),
];
