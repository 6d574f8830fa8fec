using RethinkDb.Net;

namespace RethinkDb.DataSource;

internal sealed partial class NodePool
{
    /// <summary>An open socket, the handles out on it (guarded by the pool's lock), and its handle for leaseless queries.</summary>
    private sealed class Pooled
    {
        private readonly NodePool _pool;

        public Pooled(NodePool pool, Connector connector)
        {
            _pool = pool;
            Connector = connector;
            QueryHandle = Connection.Lease(connector, onReturned: null);
            // Made once per socket, so a lease allocates no closure.
            Return = OnReturned;
        }

        public Connector Connector { get; }

        /// <summary>The data source's own handle for queries run without a lease; never handed to a caller.</summary>
        public Connection QueryHandle { get; }

        public Action<Connection> Return { get; }

        public int Leases { get; set; }

        /// <summary>The multiplexer's <see cref="Multiplexer.Broken"/> hook (runs on the reader's thread: no waiting).</summary>
        public void OnBroken(Exception reason) => _pool.OnConnectionBroken(reason);

        private void OnReturned(Connection handle)
        {
            lock (_pool._lock)
            {
                Leases--;
            }
        }
    }
}
