using Xunit.Sdk;
using Xunit.v3;

// Each test class starts its own console process and Chromium; on a small machine they run one at a time.
[assembly: Parallelization(Mode = ParallelMode.None)]
