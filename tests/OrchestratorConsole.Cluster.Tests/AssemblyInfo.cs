using Xunit.Sdk;
using Xunit.v3;

// Each test starts several console processes; on a small machine the tests run one at a time, so that timing
// bounds measure the cluster, not a crowded CPU.
[assembly: Parallelization(Mode = ParallelMode.None)]
