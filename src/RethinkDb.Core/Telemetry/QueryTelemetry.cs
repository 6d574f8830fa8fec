using System.Diagnostics;
using RethinkDb.Protocol;

namespace RethinkDb.Telemetry;

/// <summary>
/// Times and traces the queries of one socket: an <see cref="Activity"/> and <c>db.client.operation.duration</c>
/// per query, tagged after the OpenTelemetry database conventions. Costs one check per query while nobody listens.
/// </summary>
internal sealed class QueryTelemetry(string host, int port, string? poolName, bool tracing, bool metrics)
{
    /// <summary>Whether a query should be observed now (a listener subscribes and this kind is switched on).</summary>
    public bool IsActive =>
        (metrics && Instruments.OperationDuration.Enabled) || (tracing && Instruments.ActivitySource.HasListeners());

    /// <summary>Whether metrics are switched on for this socket (a listener may still be missing).</summary>
    public bool MetricsEnabled => metrics;

    /// <summary>Records how long opening a connection took (<c>db.client.connection.create_time</c>).</summary>
    public void ConnectionCreated(TimeSpan elapsed)
    {
        if (metrics && Instruments.ConnectionCreateTime.Enabled)
        {
            var tags = new TagList { { "server.address", host }, { "server.port", port } };
            if (poolName is not null)
            {
                tags.Add(Instruments.PoolName(poolName));
            }
            Instruments.ConnectionCreateTime.Record(elapsed.TotalSeconds, tags);
        }
    }

    /// <summary>A query was sent; pass the result to <see cref="Stop"/>.</summary>
    public Scope Start(ReqlExpr? term, QueryType type, string db)
    {
        var operation = QueryNaming.OperationName(term, type);
        var collection = QueryNaming.CollectionName(term);
        var summary = term is null ? operation : QueryNaming.Summary(operation, term.TermType, collection);
        Activity? activity = null;
        if (tracing)
        {
            // The span's name after the conventions: the summary when it names a table, else "{operation} {database}".
            activity = Instruments.ActivitySource.StartActivity(collection is null ? $"{operation} {db}" : summary, ActivityKind.Client);
            if (activity is { IsAllDataRequested: true })
            {
                activity.SetTag("db.system.name", Instruments.DbSystem);
                activity.SetTag("db.namespace", db);
                activity.SetTag("db.operation.name", operation);
                if (collection is not null)
                {
                    activity.SetTag("db.collection.name", collection);
                }
                activity.SetTag("db.query.summary", summary);
                activity.SetTag("server.address", host);
                activity.SetTag("server.port", port);
                if (poolName is not null)
                {
                    activity.SetTag("db.client.connection.pool.name", poolName);
                }
            }
        }
        return new Scope(operation, collection, db, Stopwatch.GetTimestamp(), activity);
    }

    /// <summary>The first response arrived (<paramref name="error"/> is null unless it is an error) or the query failed.</summary>
    public void Stop(Scope scope, Exception? error)
    {
        // The error class, never the message: the server's text can quote document values (a duplicate key error
        // prints the document), and telemetry leaves the process.
        var errorType = error?.GetType().FullName;
        if (metrics && Instruments.OperationDuration.Enabled)
        {
            var tags = new TagList
            {
                { "db.system.name", Instruments.DbSystem },
                { "db.namespace", scope.Db },
                { "db.operation.name", scope.Operation },
                { "server.address", host },
                { "server.port", port },
            };
            if (scope.Collection is not null)
            {
                tags.Add("db.collection.name", scope.Collection);
            }
            if (errorType is not null)
            {
                tags.Add("error.type", errorType);
            }
            Instruments.OperationDuration.Record(Stopwatch.GetElapsedTime(scope.Started).TotalSeconds, tags);
        }
        if (scope.Activity is { } activity)
        {
            if (errorType is not null)
            {
                activity.SetTag("error.type", errorType);
                activity.SetStatus(ActivityStatusCode.Error, errorType);
            }
            activity.Dispose();
        }
    }

    /// <summary>One observed query.</summary>
    internal sealed record Scope(string Operation, string? Collection, string Db, long Started, Activity? Activity);
}
