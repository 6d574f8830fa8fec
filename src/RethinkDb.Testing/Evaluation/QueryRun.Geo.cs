using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Protocol;
using RethinkDb.Testing.Evaluation.Geo;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// Geo terms (<c>src/rdb_protocol/terms/geo.cc</c>): <c>point</c>, <c>line</c>, <c>polygon</c>, <c>circle</c>,
/// <c>geojson</c>, <c>to_geojson</c>, <c>distance</c>, <c>intersects</c>, <c>includes</c>, <c>fill</c>,
/// <c>polygon_sub</c>. Geometry values are GEOMETRY pseudo-types holding GeoJSON; the math is in <c>Geo/</c>.
/// </content>
internal sealed partial class QueryRun
{
    private const string GeometryType = "GEOMETRY";

    private static void AddGeoTerms(Dictionary<TermType, TermEvaluator> table)
    {
        table[TermType.Point] = (r, a) => r.GeoTerm(() => r.Point(a));
        table[TermType.Line] = (r, a) => r.GeoTerm(() => r.LineOrPolygon(a, polygon: false));
        table[TermType.Polygon] = (r, a) => r.GeoTerm(() => r.LineOrPolygon(a, polygon: true));
        table[TermType.Circle] = (r, a) => r.GeoTerm(() => r.Circle(a));
        table[TermType.Geojson] = (r, a) => r.GeoTerm(() => r.GeoJson(a));
        table[TermType.ToGeojson] = (r, a) => r.ToGeoJson(a);
        table[TermType.Distance] = (r, a) => r.GeoTerm(() => r.Distance(a));
        table[TermType.Intersects] = (r, a) => r.GeoTerm(() => r.GeoFilter(a, GeoRelations.Intersects));
        table[TermType.Includes] = (r, a) => r.GeoTerm(() => r.GeoFilter(a, (g, other) =>
            GeoRelations.Includes(g as PolygonShape ?? throw new GeoException($"Expected geometry of type `Polygon` but found `{ShapeName(g)}`."), other)));
        table[TermType.Fill] = (r, a) => r.GeoTerm(() => r.Fill(a));
        table[TermType.PolygonSub] = (r, a) => r.GeoTerm(() => r.PolygonSub(a));
        table[TermType.GetIntersecting] = (r, a) => r.GeoTerm(() => r.GetIntersecting(a));
        table[TermType.GetNearest] = (r, a) => r.GeoTerm(() => r.GetNearest(a));
    }

    /// <summary>Runs a geo term, answering geometry failures as the server's <c>geo_term_t</c> does (QUERY_LOGIC).</summary>
    private Value GeoTerm(Func<Value> evaluate)
    {
        try
        {
            return evaluate();
        }
        catch (GeoException e)
        {
            throw Fail(e.ErrorType, e.Message);
        }
    }

    private DatumValue Point(Args args)
    {
        var lon = AsNumber(args[0]);
        var lat = AsNumber(args[1]);
        return Made(Validated(GeoPoint(lon, lat)));
    }

    private DatumValue LineOrPolygon(Args args, bool polygon)
    {
        var points = new List<(double Lon, double Lat)>();
        for (var i = 0; i < args.Count; i++)
        {
            points.Add(PointArgument(args[i]));
        }
        return Made(Validated(polygon ? GeoPolygon(points) : GeoLine(points)));
    }

    private DatumValue Circle(Args args)
    {
        var centerArg = args[0];
        var radiusArg = args[1];
        var fill = args.OptArg("fill") is not { } f || AsBool(f);
        var vertices = 32L;
        if (args.OptArg("num_vertices") is { } n)
        {
            vertices = AsInteger(n);
            if (vertices <= 0 || vertices > uint.MaxValue)
            {
                throw LogicError("num_vertices must be positive.", n.Origin);
            }
        }
        var ellipsoid = GeoSystem(args);
        var unit = UnitToMeters(args);
        var center = PointArgument(centerArg);
        var radius = AsNumber(radiusArg) * unit;
        if (radius <= 0.0)
        {
            throw new GeoException("Radius must be positive");
        }
        var maxRadius = 0.5 * Math.PI * Math.Min(ellipsoid.EquatorRadius, ellipsoid.PolesRadius);
        if (radius >= maxRadius)
        {
            throw new GeoException("Radius must be smaller than a quarter of the circumference along the minor axis of the reference ellipsoid.  " +
                $"Got {FormatG20(radius)}m, but must be smaller than {FormatG20(maxRadius)}m.");
        }
        var points = new List<(double Lon, double Lat)>();
        for (var i = 0; i < vertices; i++)
        {
            var azimuth = -180.0 + (360.0 / vertices * i);
            var (lat, lon) = Geodesic.Destination(center.Lat, center.Lon, azimuth, radius, ellipsoid);
            points.Add((lon, lat));
        }
        points.Add(points[0]);
        return Made(Validated(fill ? GeoPolygon(points) : GeoLine(points)));
    }

    private DatumValue GeoJson(Args args)
    {
        var node = AsDatum(args[0]);
        var geometry = node as JsonObject ?? throw DatumTypeError(args[0], node, "OBJECT");
        GeoShape.Validate(geometry);
        if (geometry.ContainsKey(Datum.ReqlType))
        {
            throw LogicError("GeoJSON object already had a $reql_type$ field.");
        }
        var result = (JsonObject)geometry.DeepClone();
        result[Datum.ReqlType] = GeometryType;
        result.Remove("bbox");
        return Made(SanitizePseudoType(result));
    }

    private DatumValue ToGeoJson(Args args)
    {
        var result = (JsonObject)AsGeometry(args[0]).DeepClone();
        result.Remove(Datum.ReqlType);
        return Made(result);
    }

    private DatumValue Distance(Args args)
    {
        var first = args[0];
        var second = args[1];
        var ellipsoid = GeoSystem(args);
        var unit = UnitToMeters(args);
        var a = AsGeometry(first);
        var b = AsGeometry(second);
        // One of the two must be a point: the first when it is one, else the second.
        var (point, other) = Datum.Kind(a["type"]) == JsonValueKind.String && Datum.String(a["type"]!) == "Point" ? (a, b) : (b, a);
        var from = GeoShape.Parse(point) is PointShape p
            ? p.Point
            : throw new GeoException($"Expected geometry of type `Point` but found `{Datum.String(point["type"]!)}`.");
        var meters = GeoRelations.Distance(from, GeoShape.Parse(other), ellipsoid);
        return Made(Datum.NumberNode(meters / unit));
    }

    /// <summary><c>intersects</c>/<c>includes</c>: a test between two geometries, or a filter when the first is a sequence.</summary>
    private Value GeoFilter(Args args, Func<GeoShape, GeoShape, bool> test)
    {
        var first = args[0];
        if (first is TableValue or SequenceValue || first is DatumValue { Node: JsonArray })
        {
            var sequence = AsSequence(first);
            var other = GeoShape.Parse(AsGeometry(args[1]));
            var kept = sequence.Rows.Where(row => test(GeoShape.Parse(AsGeometry(Made(row))), other)).ToList();
            return new SequenceValue(kept, sequence.Table, sequence.IsArray);
        }
        var shape = GeoShape.Parse(AsGeometry(first));
        return Made(JsonValue.Create(test(shape, GeoShape.Parse(AsGeometry(args[1])))));
    }

    private DatumValue Fill(Args args)
    {
        var line = AsGeometry(args[0]);
        var type = Datum.String(line["type"]!);
        if (type != "LineString")
        {
            throw new GeoException($"Expected geometry of type `LineString` but found `{type}`.");
        }
        var points = GeoShape.AsArray(line["coordinates"]).Select(GeoShape.LonLat).Select(p => (p.Longitude, p.Latitude)).ToList();
        return Made(Validated(GeoPolygon(points)));
    }

    private DatumValue PolygonSub(Args args)
    {
        var outer = PolygonArgument(args[0]);
        var inner = PolygonArgument(args[1]);
        if (!GeoRelations.Includes((PolygonShape)GeoShape.Parse(outer), GeoShape.Parse(inner)))
        {
            throw new GeoException("The second argument to `polygon_sub` is not contained in the first one.");
        }
        var coordinates = (JsonArray)outer["coordinates"]!.DeepClone();
        coordinates.Add(Datum.Own(((JsonArray)inner["coordinates"]!)[0]));
        return Made(Validated(new JsonObject
        {
            [Datum.ReqlType] = GeometryType,
            ["coordinates"] = coordinates,
            ["type"] = "Polygon",
        }));
    }

    private JsonObject PolygonArgument(Value value)
    {
        var polygon = AsGeometry(value);
        var type = Datum.String(polygon["type"]!);
        if (type != "Polygon")
        {
            throw LogicError($"Expected a Polygon but found a {type}.", value.Origin);
        }
        if (GeoShape.AsArray(polygon["coordinates"]).Count > 1)
        {
            throw LogicError("Expected a Polygon with only an outer shell.  This one has holes.", value.Origin);
        }
        return polygon;
    }

    /// <summary>A GEOMETRY argument (<c>as_ptype</c>): a non-pseudo-type value and another pseudo-type fail differently.</summary>
    private JsonObject AsGeometry(Value value)
    {
        var node = AsDatum(value);
        if (Datum.PseudoType(node) is null)
        {
            throw LogicError($"Not a {GeometryType} pseudotype: `{Datum.TruncPrint(node)}`.", value.Origin);
        }
        return Datum.PseudoType(node) == GeometryType ? (JsonObject)node! : throw DatumTypeError(value, node, "PTYPE<GEOMETRY>");
    }

    /// <summary><c>parse_point_argument</c>: a Point geometry, or a [longitude, latitude] pair.</summary>
    private (double Lon, double Lat) PointArgument(Value value)
    {
        var node = AsDatum(value);
        if (Datum.PseudoType(node) == GeometryType)
        {
            var geometry = (JsonObject)node!;
            var type = Datum.String(geometry["type"]!);
            if (type != "Point")
            {
                throw new GeoException($"Expected geometry of type `Point` but found `{type}`.");
            }
            var (lon, lat) = GeoShape.LonLat(geometry["coordinates"]);
            return (lon, lat);
        }
        var pair = node as JsonArray ?? throw DatumTypeError(value, node, "ARRAY");
        if (pair.Count != 2)
        {
            throw LogicError($"Expected point coordinate pair.  Got {pair.Count} element array instead of a 2 element one.", value.Origin);
        }
        return (GeoShape.AsNumber(pair[0]), GeoShape.AsNumber(pair[1]));
    }

    /// <summary>The <c>geo_system</c> option: "WGS84" (the default), "unit_sphere", or an ellipsoid {a, f}.</summary>
    private Ellipsoid GeoSystem(Args args)
    {
        if (args.OptArg("geo_system") is not { } option)
        {
            return Ellipsoid.Wgs84;
        }
        var node = AsDatum(option);
        if (node is JsonObject spec)
        {
            var a = GeoShape.AsNumber(spec["a"] ?? throw MissingError($"No attribute `a` in object:\n{Datum.TruncPrint(spec)}"));
            var f = GeoShape.AsNumber(spec["f"] ?? throw MissingError($"No attribute `f` in object:\n{Datum.TruncPrint(spec)}"));
            if (!(a > 0.0))
            {
                throw LogicError("The equator radius `a` must be positive.", option.Origin);
            }
            if (!(f >= 0.0 && f < 1.0))
            {
                throw LogicError("The flattening `f` must be in the range [0, 1).", option.Origin);
            }
            return new Ellipsoid(a, f);
        }
        return AsString(option) switch
        {
            "WGS84" => Ellipsoid.Wgs84,
            "unit_sphere" => Ellipsoid.UnitSphere,
            var other => throw LogicError($"Unrecognized geo system \"{other}\" (valid options: \"WGS84\", \"unit_sphere\").", option.Origin),
        };
    }

    /// <summary>The <c>unit</c> option in metres: m (the default), km, mi, nm, ft.</summary>
    private double UnitToMeters(Args args) => args.OptArg("unit") is not { } option
        ? 1.0
        : AsString(option) switch
        {
            "m" => 1.0,
            "km" => 1000.0,
            "mi" => 1609.344,
            "nm" => 1852.0,
            "ft" => 0.3048,
            var other => throw new GeoException($"Unrecognized distance unit `{other}`."),
        };

    /// <summary>Checks a constructed geometry as the server's <c>validate_geojson</c>, and returns it.</summary>
    private static JsonObject Validated(JsonObject geometry)
    {
        GeoShape.Validate(geometry);
        return geometry;
    }

    private static JsonObject GeoPoint(double lon, double lat) => new()
    {
        [Datum.ReqlType] = GeometryType,
        ["coordinates"] = Position(lon, lat),
        ["type"] = "Point",
    };

    private static JsonObject GeoLine(List<(double Lon, double Lat)> points) => new()
    {
        [Datum.ReqlType] = GeometryType,
        ["coordinates"] = new JsonArray([.. points.Select(p => (JsonNode?)Position(p.Lon, p.Lat))]),
        ["type"] = "LineString",
    };

    /// <summary>A polygon of one ring, closed when its last point is not its first (<c>construct_loop_coordinates</c>).</summary>
    private static JsonObject GeoPolygon(List<(double Lon, double Lat)> shell)
    {
        var ring = new JsonArray([.. shell.Select(p => (JsonNode?)Position(p.Lon, p.Lat))]);
        if (shell.Count >= 1 && shell[0] != shell[^1])
        {
            ring.Add((JsonNode)Position(shell[0].Lon, shell[0].Lat));
        }
        return new JsonObject
        {
            [Datum.ReqlType] = GeometryType,
            ["coordinates"] = new JsonArray(ring),
            ["type"] = "Polygon",
        };
    }

    private static JsonArray Position(double lon, double lat) => new(Datum.NumberNode(lon), Datum.NumberNode(lat));

    private static string ShapeName(GeoShape shape) => shape switch
    {
        PointShape => "Point",
        LineShape => "LineString",
        _ => "Polygon",
    };

    /// <summary>
    /// Checks a GEOMETRY object written in a query or a document, as the server's <c>sanitize_geometry</c>: only the
    /// fields <c>type</c> (a string), <c>coordinates</c> (an array), <c>crs</c> and <c>$reql_type$</c>.
    /// </summary>
    private void SanitizeGeometry(JsonObject geometry)
    {
        bool hasType = false, hasCoordinates = false;
        foreach (var (key, value) in geometry.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            switch (key)
            {
                case "coordinates":
                    if (value is not JsonArray)
                    {
                        throw TypedError(value, $"Expected type ARRAY but found {Datum.TypeName(value)}.");
                    }
                    hasCoordinates = true;
                    break;
                case "type":
                    if (Datum.Kind(value) != JsonValueKind.String)
                    {
                        throw TypedError(value, $"Expected type STRING but found {Datum.TypeName(value)}.");
                    }
                    hasType = true;
                    break;
                case "crs" or Datum.ReqlType:
                    break;
                default:
                    throw LogicError($"Unrecognized field `{key}` found in geometry object.");
            }
        }
        if (!hasType)
        {
            throw MissingError("Field `type` not found in geometry object.");
        }
        if (!hasCoordinates)
        {
            throw MissingError("Field `coordinates` not found in geometry object.");
        }
    }
}
