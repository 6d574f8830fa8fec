using Worker;

// A Generic Host worker (no ASP.NET Core): projects the `heroes` table's changefeed into `hero_names` with a feed that
// survives RethinkDB restarts, and reports its health through a file for a Kubernetes exec probe. `--embedded` runs
// it against the in-memory test server instead of a real RethinkDB.
using var host = await WorkerApp.BuildAsync(args);
await host.RunAsync();
