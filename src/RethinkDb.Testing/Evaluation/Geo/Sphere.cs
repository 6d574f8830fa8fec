namespace RethinkDb.Testing.Evaluation.Geo;

/// <summary>A point of the unit sphere (or any 3-vector), as S2's <c>S2Point</c>.</summary>
internal readonly record struct Vec3(double X, double Y, double Z)
{
    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static Vec3 operator -(Vec3 a) => new(-a.X, -a.Y, -a.Z);

    public static Vec3 operator *(double k, Vec3 a) => new(k * a.X, k * a.Y, k * a.Z);

    public double Dot(Vec3 b) => X * b.X + Y * b.Y + Z * b.Z;

    public Vec3 Cross(Vec3 b) => new(Y * b.Z - Z * b.Y, Z * b.X - X * b.Z, X * b.Y - Y * b.X);

    public double Norm2 => Dot(this);

    public Vec3 Normalized()
    {
        var n = Math.Sqrt(Norm2);
        return n != 0 ? (1.0 / n) * this : this;
    }
}

/// <summary>
/// The spherical primitives the server's geometry (S2) is built on: conversions from degrees, orientation tests, edge
/// crossings and closest points. The conversions and closest-point formulas are written operation for operation as
/// S2 computes them, so that the exact equality tests the server makes (a point "on" a line is one whose projection
/// equals it) come out the same.
/// </summary>
internal static class Sphere
{
    private const double DegreesToRadians = Math.PI / 180;
    private const double RadiansToDegrees = 180 / Math.PI;

    /// <summary>S2LatLng::FromDegrees(lat, lng).ToPoint().</summary>
    public static Vec3 FromDegrees(double latitude, double longitude)
    {
        var phi = latitude * DegreesToRadians;
        var theta = longitude * DegreesToRadians;
        var cosphi = Math.Cos(phi);
        return new Vec3(Math.Cos(theta) * cosphi, Math.Sin(theta) * cosphi, Math.Sin(phi));
    }

    public static double LatitudeDegrees(Vec3 p) => Math.Atan2(p.Z, Math.Sqrt(p.X * p.X + p.Y * p.Y)) * RadiansToDegrees;

    public static double LongitudeDegrees(Vec3 p) => Math.Atan2(p.Y, p.X) * RadiansToDegrees;

    /// <summary>Twice a × b, computed so that it stays orthogonal to both for nearly equal points (S2::RobustCrossProd).</summary>
    public static Vec3 RobustCross(Vec3 a, Vec3 b)
    {
        var x = (b + a).Cross(b - a);
        return x != default ? x : Ortho(a);
    }

    private static Vec3 Ortho(Vec3 a)
    {
        // Any vector orthogonal to a: cross with the axis of a's smallest component.
        var ax = Math.Abs(a.X);
        var ay = Math.Abs(a.Y);
        var az = Math.Abs(a.Z);
        var axis = ax <= ay && ax <= az ? new Vec3(1, 0, 0) : ay <= az ? new Vec3(0, 1, 0) : new Vec3(0, 0, 1);
        return a.Cross(axis).Normalized();
    }

    /// <summary>S2::SimpleCCW: whether a, b, c turn counterclockwise.</summary>
    public static bool SimpleCcw(Vec3 a, Vec3 b, Vec3 c) => c.Cross(a).Dot(b) > 0;

    /// <summary>The orientation of a, b, c: +1 counterclockwise, −1 clockwise, 0 when collinear (or two are equal).</summary>
    public static int Ccw(Vec3 a, Vec3 b, Vec3 c)
    {
        if (a == b || b == c || c == a)
        {
            return 0;
        }
        var det = RobustCross(a, b).Dot(c);
        return det > 0 ? 1 : det < 0 ? -1 : 0;
    }

    /// <summary>
    /// S2EdgeUtil::RobustCrossing: +1 when edges ab and cd cross at a point interior to both, 0 when they share a
    /// vertex, −1 otherwise.
    /// </summary>
    public static int Crossing(Vec3 a, Vec3 b, Vec3 c, Vec3 d)
    {
        if (a == c || a == d || b == c || b == d)
        {
            return 0;
        }
        var acb = -Ccw(a, b, c);
        var bda = Ccw(a, b, d);
        if (bda != acb || acb == 0)
        {
            return -1;
        }
        var cbd = -Ccw(c, d, b);
        if (cbd != acb)
        {
            return -1;
        }
        return Ccw(c, d, a) == acb ? 1 : -1;
    }

    /// <summary>S2EdgeUtil::GetDistance: the angle from x to the edge ab.</summary>
    public static double EdgeDistance(Vec3 x, Vec3 a, Vec3 b)
    {
        var n = RobustCross(a, b);
        if (SimpleCcw(n, a, x) && SimpleCcw(x, b, n))
        {
            var sinDist = Math.Abs(x.Dot(n)) / Math.Sqrt(n.Norm2);
            return Math.Asin(Math.Min(1.0, sinDist));
        }
        var linear = Math.Min((x - a).Norm2, (x - b).Norm2);
        return 2 * Math.Asin(Math.Min(1.0, 0.5 * Math.Sqrt(linear)));
    }

    /// <summary>S2EdgeUtil::GetClosestPoint: the point of the edge ab closest to x.</summary>
    public static Vec3 ClosestPoint(Vec3 x, Vec3 a, Vec3 b)
    {
        var n = RobustCross(a, b);
        var p = x - (x.Dot(n) / n.Norm2) * n;
        if (SimpleCcw(n, a, p) && SimpleCcw(p, b, n))
        {
            return p.Normalized();
        }
        return (x - a).Norm2 <= (x - b).Norm2 ? a : b;
    }

    /// <summary>The signed angle at p from the direction towards a to the direction towards b (counterclockwise positive).</summary>
    public static double AngleAt(Vec3 p, Vec3 a, Vec3 b) =>
        Math.Atan2(p.Dot(a.Cross(b)), a.Dot(b) - (a.Dot(p) * b.Dot(p)));

    /// <summary>S2::TurnAngle: the exterior angle at b of the path a, b, c (positive turning left).</summary>
    public static double TurnAngle(Vec3 a, Vec3 b, Vec3 c)
    {
        var u = RobustCross(a, b);
        var v = RobustCross(b, c);
        var angle = Math.Atan2(Math.Sqrt(u.Cross(v).Norm2), u.Dot(v));
        return Ccw(a, b, c) > 0 ? angle : -angle;
    }
}
