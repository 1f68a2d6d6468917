using Xunit.Sdk;
using Xunit.v3;

// Reliability tests start and stop real node processes and PostgreSQL servers: one at a time.
[assembly: Parallelization(Mode = ParallelMode.None)]
