namespace RethinkDb.Testing.Evaluation.Geo;

/// <summary>A reference ellipsoid: equator radius <c>a</c> (metres) and flattening <c>f</c>, as the server's <c>ellipsoid_spec_t</c>.</summary>
internal readonly record struct Ellipsoid(double EquatorRadius, double Flattening)
{
    public static readonly Ellipsoid Wgs84 = new(6378137.0, 1.0 / 298.257223563);

    public static readonly Ellipsoid UnitSphere = new(1.0, 0.0);

    public double PolesRadius => (1.0 - Flattening) * EquatorRadius;
}

/// <summary>
/// Geodesics on an ellipsoid of revolution: the inverse problem (<c>distance</c>) and the direct problem
/// (<c>circle</c>'s vertices), as the server computes them with Karney's algorithm (GeographicLib).
/// </summary>
/// <remarks>
/// Written from the geodesic's equations on the auxiliary sphere (Karney, "Algorithms for geodesics", 2013, eqs. 5–8):
/// the distance and longitude integrals are evaluated by Gauss–Legendre quadrature instead of Karney's series, and the
/// inverse problem is solved for the azimuth at the first point with a safeguarded root search on the longitude
/// difference, which is monotonic in that azimuth once the points are put in Karney's canonical position (first point
/// south of the equator and farthest from it, longitude difference in [0, π]). The result is accurate to well below a
/// micrometre on the earth, nearly antipodal points included, which is within the server's own precision.
/// </remarks>
internal static class Geodesic
{
    private const double Tiny = 1.4916681462400413e-154; // sqrt of the smallest normal double, as GeographicLib's tiny
    private const int Subintervals = 8;
    private static readonly (double Node, double Weight)[] Gauss = GaussLegendre(12);

    /// <summary>The length in metres of the shortest geodesic between two points given in degrees.</summary>
    public static double Distance(double lat1, double lon1, double lat2, double lon2, Ellipsoid e)
    {
        var f = e.Flattening;
        var b = e.PolesRadius;
        var lon12 = Math.Abs(AngleDifference(lon1, lon2));
        // Canonical position: |lat1| >= |lat2|, lat1 <= 0 (the distance is symmetric).
        if (Math.Abs(lat1) < Math.Abs(lat2))
        {
            (lat1, lat2) = (lat2, lat1);
        }
        if (lat1 > 0)
        {
            lat1 = -lat1;
            lat2 = -lat2;
        }
        var lam12 = lon12 * (Math.PI / 180);
        var (sbet1, cbet1) = ReducedLatitude(lat1, f);
        var (sbet2, cbet2) = ReducedLatitude(lat2, f);
        var ep2 = f * (2 - f) / ((1 - f) * (1 - f));
        if (lon12 == 0 || lon12 == 180 || lat1 == -90)
        {
            // Along a meridian: north (azimuth 0) or over the south pole (azimuth π).
            var over = lon12 == 180 && lat1 != -90;
            var sig1 = Math.Atan2(sbet1, over ? -cbet1 : cbet1);
            if (sig1 > 0)
            {
                sig1 -= 2 * Math.PI; // from the equator over the south pole: σ1 = −π, not π
            }
            var sig2 = Math.Atan2(sbet2, cbet2);
            return b * DistanceIntegral(sig1, sig2, ep2);
        }
        if (sbet1 == 0 && lat2 == 0 && lam12 <= (1 - f) * Math.PI)
        {
            // Along the equator, while that is the shortest way.
            return e.EquatorRadius * lam12;
        }
        if (sbet1 == 0)
        {
            sbet1 = -Tiny; // just south of the equator, so that the azimuth decides the branch
        }
        // Root search on the azimuth at the first point: lambda12(alpha1) rises from 0 at alpha1 = 0 to π at π.
        double lo = 0, hi = Math.PI, flo = -lam12, fhi = Math.PI - lam12;
        var alp1 = Math.PI / 2;
        var side = 0;
        for (var i = 0; i < 200 && hi - lo > 1e-15; i++)
        {
            // Illinois-modified regula falsi, bisecting whenever the interpolation stalls.
            alp1 = flo != fhi ? lo - flo * (hi - lo) / (fhi - flo) : (lo + hi) / 2;
            if (!(alp1 > lo && alp1 < hi) || i % 4 == 3)
            {
                alp1 = (lo + hi) / 2;
            }
            var value = Longitude(sbet1, cbet1, sbet2, cbet2, alp1, f, ep2).Lambda - lam12;
            if (value == 0)
            {
                break;
            }
            if (value < 0)
            {
                lo = alp1;
                flo = value;
                if (side == -1)
                {
                    fhi /= 2;
                }
                side = -1;
            }
            else
            {
                hi = alp1;
                fhi = value;
                if (side == 1)
                {
                    flo /= 2;
                }
                side = 1;
            }
        }
        var solution = Longitude(sbet1, cbet1, sbet2, cbet2, alp1, f, ep2);
        return b * DistanceIntegral(solution.Sigma1, solution.Sigma2, solution.K2Over);
    }

    /// <summary>
    /// The point reached from (<paramref name="lat1"/>, <paramref name="lon1"/>) after <paramref name="distance"/> metres
    /// along the geodesic leaving at <paramref name="azimuth"/> degrees (clockwise from north).
    /// </summary>
    public static (double Latitude, double Longitude) Destination(double lat1, double lon1, double azimuth, double distance, Ellipsoid e)
    {
        var f = e.Flattening;
        var b = e.PolesRadius;
        var ep2 = f * (2 - f) / ((1 - f) * (1 - f));
        var (sbet1, cbet1) = ReducedLatitude(lat1, f);
        var alp1 = azimuth * (Math.PI / 180);
        var salp1 = Math.Abs(azimuth) == 180 ? 0 : Math.Sin(alp1);
        var calp1 = Math.Abs(azimuth) == 90 ? 0 : Math.Cos(alp1);
        var salp0 = salp1 * cbet1;
        var calp0 = Math.Sqrt(Math.Max(0, 1 - salp0 * salp0));
        var sig1 = Math.Atan2(sbet1, calp1 * cbet1);
        var k2 = ep2 * calp0 * calp0;
        // Solve b * I1(sig1, sig2) = distance for sig2 by Newton's method (the integrand is within [1, sqrt(1+k2)]).
        var target = distance / b;
        var sig2 = sig1 + target;
        for (var i = 0; i < 50; i++)
        {
            var error = DistanceIntegral(sig1, sig2, k2) - target;
            var s = Math.Sin(sig2);
            var step = error / Math.Sqrt(1 + k2 * s * s);
            sig2 -= step;
            if (Math.Abs(step) < 1e-16 * Math.Max(1, Math.Abs(sig2)))
            {
                break;
            }
        }
        var ssig2 = Math.Sin(sig2);
        var csig2 = Math.Cos(sig2);
        var sbet2 = calp0 * ssig2;
        var cbet2 = Math.Sqrt(salp0 * salp0 + calp0 * calp0 * csig2 * csig2);
        // Spherical longitudes measured from the node; the arc is shorter than π, so the wrapped difference is the change.
        var omg12 = Math.Atan2(salp0 * Math.Sin(sig2), Math.Cos(sig2)) - Math.Atan2(salp0 * Math.Sin(sig1), Math.Cos(sig1));
        omg12 = Math.Atan2(Math.Sin(omg12), Math.Cos(omg12));
        var lam12 = omg12 - f * salp0 * LongitudeIntegral(sig1, sig2, k2, f);
        var lat2 = Math.Atan2(sbet2, (1 - f) * cbet2) * (180 / Math.PI);
        var lon2 = lon1 + lam12 * (180 / Math.PI);
        return (lat2, NormalizeLongitude(lon2));
    }

    private readonly record struct Solution(double Lambda, double Sigma1, double Sigma2, double K2Over);

    /// <summary>lambda12 of the geodesic leaving the first point at alpha1, at the first point where it reaches beta2.</summary>
    private static Solution Longitude(double sbet1, double cbet1, double sbet2, double cbet2, double alp1, double f, double ep2)
    {
        var salp1 = Math.Sin(alp1);
        var calp1 = Math.Cos(alp1);
        var salp0 = salp1 * cbet1;
        var calp0 = Math.Sqrt(Math.Max(0, (calp1 * calp1) + (salp1 * salp1 * sbet1 * sbet1)));
        var sig1 = Math.Atan2(sbet1, calp1 * cbet1);
        // Clairaut: cos(alpha2) cos(beta2) from the invariant sin(alpha0); taken northward (the first crossing).
        var c2 = (calp1 * cbet1 * calp1 * cbet1) + (cbet1 < -sbet1 ? (cbet2 - cbet1) * (cbet1 + cbet2) : (sbet1 - sbet2) * (sbet1 + sbet2));
        var calp2cbet2 = Math.Sqrt(Math.Max(0, c2));
        var sig2 = Math.Atan2(sbet2, calp2cbet2);
        var omg1 = Math.Atan2(salp0 * Math.Sin(sig1), Math.Cos(sig1));
        var omg2 = Math.Atan2(salp0 * Math.Sin(sig2), Math.Cos(sig2));
        // omega2 − omega1, limited to [0, π] as in the canonical position.
        var omg12 = Math.Atan2(Math.Max(0, Math.Sin(omg2 - omg1)), Math.Cos(omg2 - omg1));
        var k2 = ep2 * calp0 * calp0;
        var lambda = omg12 - f * salp0 * LongitudeIntegral(sig1, sig2, k2, f);
        return new Solution(lambda, sig1, sig2, k2);
    }

    /// <summary>∫ sqrt(1 + k² sin²σ) dσ: the distance along the geodesic in units of b.</summary>
    private static double DistanceIntegral(double from, double to, double k2) =>
        Integrate(from, to, s => Math.Sqrt(1 + k2 * Math.Sin(s) * Math.Sin(s)));

    /// <summary>∫ (2 − f) / (1 + (1 − f) sqrt(1 + k² sin²σ)) dσ: the longitude correction of the ellipsoid.</summary>
    private static double LongitudeIntegral(double from, double to, double k2, double f) =>
        f == 0 ? 0 : Integrate(from, to, s => (2 - f) / (1 + (1 - f) * Math.Sqrt(1 + k2 * Math.Sin(s) * Math.Sin(s))));

    private static double Integrate(double from, double to, Func<double, double> integrand)
    {
        var width = (to - from) / Subintervals;
        var sum = 0.0;
        for (var part = 0; part < Subintervals; part++)
        {
            var mid = from + (part + 0.5) * width;
            var partial = 0.0;
            foreach (var (node, weight) in Gauss)
            {
                partial += weight * integrand(mid + node * width / 2);
            }
            sum += partial * width / 2;
        }
        return sum;
    }

    private static (double Sin, double Cos) ReducedLatitude(double latitude, double f)
    {
        if (Math.Abs(latitude) == 90)
        {
            return (Math.Sign(latitude), Tiny);
        }
        var phi = latitude * (Math.PI / 180);
        var beta = Math.Atan((1 - f) * Math.Tan(phi));
        return (Math.Sin(beta), Math.Max(Tiny, Math.Cos(beta)));
    }

    /// <summary>lon2 − lon1 in degrees, reduced to (−180, 180].</summary>
    private static double AngleDifference(double lon1, double lon2)
    {
        var d = Math.IEEERemainder(lon2 - lon1, 360);
        return d == -180 ? 180 : d;
    }

    private static double NormalizeLongitude(double lon)
    {
        var x = Math.IEEERemainder(lon, 360);
        return x == -180 ? 180 : x;
    }

    /// <summary>Nodes and weights of the n-point Gauss–Legendre rule on [−1, 1] (Newton on the Legendre polynomial).</summary>
    private static (double, double)[] GaussLegendre(int n)
    {
        var rule = new (double, double)[n];
        for (var i = 0; i < n; i++)
        {
            var x = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5));
            double derivative = 0;
            for (var iteration = 0; iteration < 100; iteration++)
            {
                double p0 = 1, p1 = x;
                for (var k = 2; k <= n; k++)
                {
                    (p0, p1) = (p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k);
                }
                derivative = n * (x * p1 - p0) / (x * x - 1);
                var dx = p1 / derivative;
                x -= dx;
                if (Math.Abs(dx) < 1e-16)
                {
                    break;
                }
            }
            rule[i] = (x, 2 / ((1 - x * x) * derivative * derivative));
        }
        return rule;
    }
}
