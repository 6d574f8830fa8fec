using System.Text.Json.Nodes;
using RethinkDb.Testing.Evaluation.Geo;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// Geo indexes (<c>index_create(name, {geo: true})</c>) read by <c>get_intersecting</c> and <c>get_nearest</c>
/// (<c>terms/geo.cc</c>, <c>geo_traversal.cc</c>, <c>store.cc</c>). The index holds the geometries its function gives
/// (one per array element for a multi index); a value that is not a geometry is left out, as the server's
/// <c>expand_geo_key</c> does. The test server looks at every entry instead of walking S2 cells: the same answers.
/// </content>
internal sealed partial class QueryRun
{
    /// <summary>Ring radius the server's nearest traversal starts with, as a fraction of the equator radius (10 m on the earth).</summary>
    private const double NearestInitialRadiusFraction = 10.0 / 6378137.0;

    private SequenceValue GetIntersecting(Args args)
    {
        var table = AsTable(args[0]);
        var query = args[1];
        var index = args.OptArg("index") is { } i ? AsString(i) : throw LogicError("get_intersecting requires an index argument.");
        if (index == table.PrimaryKey)
        {
            throw LogicError("get_intersecting cannot use the primary index.");
        }
        var shape = GeoShape.Parse(AsGeometry(query));
        var rows = new List<JsonNode?>();
        var seen = new HashSet<JsonObject>(ReferenceEqualityComparer.Instance);
        foreach (var (geometry, row) in GeoIndexEntries(table, index, "get_intersecting"))
        {
            if (!seen.Contains(row) && GeoRelations.Intersects(shape, GeoShape.Parse(geometry)))
            {
                // A multi index lists a document once per matching element; the server emits it once per element too.
                rows.Add(row);
                if (!table.Indexes[index].Multi)
                {
                    seen.Add(row);
                }
            }
        }
        return new SequenceValue(rows, table, isArray: false);
    }

    private DatumValue GetNearest(Args args)
    {
        var table = AsTable(args[0]);
        var centerArg = args[1];
        var index = args.OptArg("index") is { } i ? AsString(i) : throw LogicError("get_nearest requires an index argument.");
        if (index == table.PrimaryKey)
        {
            throw LogicError("get_nearest cannot use the primary index.");
        }
        var (lon, lat) = PointArgument(centerArg);
        var ellipsoid = GeoSystem(args);
        var unit = UnitToMeters(args);
        var maxDist = 100000.0;
        if (args.OptArg("max_dist") is { } d)
        {
            maxDist = AsNumber(d) * unit;
            if (!(maxDist > 0.0))
            {
                throw LogicError("max_dist must be positive.", d.Origin);
            }
        }
        var maxResults = 100L;
        if (args.OptArg("max_results") is { } m)
        {
            maxResults = AsInteger(m);
            if (maxResults <= 0)
            {
                throw LogicError("max_results must be positive.", m.Origin);
            }
        }
        GeoShape.CheckRange(lon, lat);
        var center = Sphere.FromDegrees(lat, lon);
        var found = new List<(double Distance, JsonObject Row)>();
        foreach (var (geometry, row) in GeoIndexEntries(table, index, "get_nearest"))
        {
            var distance = GeoRelations.Distance(center, GeoShape.Parse(geometry), ellipsoid);
            if (distance <= maxDist)
            {
                found.Add((distance, row));
            }
        }
        found.Sort((x, y) => x.Distance.CompareTo(y.Distance));
        CheckNearestRadius(found.Select(f => f.Distance).ToList(), maxDist, maxResults, ellipsoid);
        var results = new JsonArray();
        foreach (var (distance, row) in found.Take((int)Math.Min(maxResults, int.MaxValue)))
        {
            results.Add((JsonNode)new JsonObject { ["dist"] = Datum.NumberNode(distance / unit), ["doc"] = Datum.Own(row) });
        }
        return Made(results);
    }

    /// <summary>
    /// The server searches in growing rings around the center (<c>nearest_traversal_state_t</c>) and fails once a
    /// ring's covering polygon would be wider than a quarter meridian: replays the ring sizes it would use for these
    /// distances, to fail where it fails.
    /// </summary>
    private static void CheckNearestRadius(List<double> sortedDistances, double maxDist, long maxResults, Ellipsoid e)
    {
        double processed = 0, current = Math.Min(maxDist, NearestInitialRadiusFraction * e.EquatorRadius);
        var emitted = 0;
        var maxDistortion = Math.Max(e.EquatorRadius, e.PolesRadius) / Math.Min(e.EquatorRadius, e.PolesRadius);
        var limit = 0.5 * Math.PI * Math.Min(e.EquatorRadius, e.PolesRadius);
        while (true)
        {
            // build_polygon_with_inradius_at_least: 8 vertices, 1% leeway, corrected for the ellipsoid.
            var exRadius = current * 1.01 / Math.Cos(Math.PI / 8) * maxDistortion;
            if (exRadius >= limit)
            {
                throw new GeoException("The distance has become too large for continuing the indexed nearest traversal.  " +
                    "Consider specifying a smaller `max_dist` parameter.  (Radius must be smaller than a quarter of the circumference " +
                    $"along the minor axis of the reference ellipsoid.  Got {FormatG20(exRadius)}m, but must be smaller than {FormatG20(limit)}m.)");
            }
            var previous = emitted;
            while (emitted < sortedDistances.Count && sortedDistances[emitted] <= current)
            {
                emitted++;
            }
            var area = Math.PI * (current * current - processed * processed);
            var density = (emitted - previous) / area;
            processed = current;
            current = density != 0.0 ? Math.Sqrt((100.0 / Math.PI / density) + (processed * processed)) : processed * 2.0;
            current = Math.Min(current, Math.Min(current * 2.0, maxDist));
            if (processed >= maxDist || emitted >= maxResults)
            {
                return;
            }
        }
    }

    /// <summary>The (geometry, document) entries of a geo index; the index must exist and be a geo index.</summary>
    private List<(JsonObject Geometry, JsonObject Row)> GeoIndexEntries(MemoryTable table, string index, string term)
    {
        lock (_store.Sync)
        {
            if (!table.Indexes.TryGetValue(index, out var secondary))
            {
                throw OpFailedError($"Index `{index}` was not found on table `{table.QualifiedName}`.");
            }
            if (!secondary.Geo)
            {
                throw LogicError($"Index `{index}` is not a geospatial index.  {term} can only be used with a geospatial index.");
            }
            var entries = new List<(JsonObject, JsonObject)>();
            foreach (var document in table.Documents.Values)
            {
                JsonNode? value;
                try
                {
                    value = AsDatum(Call(secondary.Function, document));
                }
                catch (QueryFailure)
                {
                    continue;
                }
                var values = secondary.Multi && value is JsonArray many ? many.ToList() : [value];
                foreach (var item in values)
                {
                    if (Datum.PseudoType(item) == GeometryType)
                    {
                        entries.Add(((JsonObject)item!, document));
                    }
                }
            }
            return entries;
        }
    }
}
