namespace RethinkDb;

/// <summary>ReQL term types, numbered as in <c>ql2.proto</c> (<c>Term.TermType</c>) of RethinkDB 2.4.</summary>
/// <remarks>The wire form of a term is <c>[TermType, [args...], {optargs}]</c>.</remarks>
#pragma warning disable CA1008 // there is no zero term
public enum TermType
{
    /// <summary><c>DATUM</c></summary>
    Datum = 1,
    /// <summary><c>MAKE_ARRAY</c></summary>
    MakeArray = 2,
    /// <summary><c>MAKE_OBJ</c></summary>
    MakeObj = 3,
    /// <summary><c>VAR</c></summary>
    Var = 10,
    /// <summary><c>JAVASCRIPT</c></summary>
    Javascript = 11,
    /// <summary><c>UUID</c></summary>
    Uuid = 169,
    /// <summary><c>HTTP</c></summary>
    Http = 153,
    /// <summary><c>ERROR</c></summary>
    Error = 12,
    /// <summary><c>IMPLICIT_VAR</c></summary>
    ImplicitVar = 13,
    /// <summary><c>DB</c></summary>
    Db = 14,
    /// <summary><c>TABLE</c></summary>
    Table = 15,
    /// <summary><c>GET</c></summary>
    Get = 16,
    /// <summary><c>GET_ALL</c></summary>
    GetAll = 78,
    /// <summary><c>EQ</c></summary>
    Eq = 17,
    /// <summary><c>NE</c></summary>
    Ne = 18,
    /// <summary><c>LT</c></summary>
    Lt = 19,
    /// <summary><c>LE</c></summary>
    Le = 20,
    /// <summary><c>GT</c></summary>
    Gt = 21,
    /// <summary><c>GE</c></summary>
    Ge = 22,
    /// <summary><c>NOT</c></summary>
    Not = 23,
    /// <summary><c>ADD</c></summary>
    Add = 24,
    /// <summary><c>SUB</c></summary>
    Sub = 25,
    /// <summary><c>MUL</c></summary>
    Mul = 26,
    /// <summary><c>DIV</c></summary>
    Div = 27,
    /// <summary><c>MOD</c></summary>
    Mod = 28,
    /// <summary><c>FLOOR</c></summary>
    Floor = 183,
    /// <summary><c>CEIL</c></summary>
    Ceil = 184,
    /// <summary><c>ROUND</c></summary>
    Round = 185,
    /// <summary><c>APPEND</c></summary>
    Append = 29,
    /// <summary><c>PREPEND</c></summary>
    Prepend = 80,
    /// <summary><c>DIFFERENCE</c></summary>
    Difference = 95,
    /// <summary><c>SET_INSERT</c></summary>
    SetInsert = 88,
    /// <summary><c>SET_INTERSECTION</c></summary>
    SetIntersection = 89,
    /// <summary><c>SET_UNION</c></summary>
    SetUnion = 90,
    /// <summary><c>SET_DIFFERENCE</c></summary>
    SetDifference = 91,
    /// <summary><c>SLICE</c></summary>
    Slice = 30,
    /// <summary><c>SKIP</c></summary>
    Skip = 70,
    /// <summary><c>LIMIT</c></summary>
    Limit = 71,
    /// <summary><c>OFFSETS_OF</c></summary>
    OffsetsOf = 87,
    /// <summary><c>CONTAINS</c></summary>
    Contains = 93,
    /// <summary><c>GET_FIELD</c></summary>
    GetField = 31,
    /// <summary><c>KEYS</c></summary>
    Keys = 94,
    /// <summary><c>VALUES</c></summary>
    Values = 186,
    /// <summary><c>OBJECT</c></summary>
    Object = 143,
    /// <summary><c>HAS_FIELDS</c></summary>
    HasFields = 32,
    /// <summary><c>WITH_FIELDS</c></summary>
    WithFields = 96,
    /// <summary><c>PLUCK</c></summary>
    Pluck = 33,
    /// <summary><c>WITHOUT</c></summary>
    Without = 34,
    /// <summary><c>MERGE</c></summary>
    Merge = 35,
    /// <summary><c>BETWEEN_DEPRECATED</c></summary>
    BetweenDeprecated = 36,
    /// <summary><c>BETWEEN</c></summary>
    Between = 182,
    /// <summary><c>REDUCE</c></summary>
    Reduce = 37,
    /// <summary><c>MAP</c></summary>
    Map = 38,
    /// <summary><c>FOLD</c></summary>
    Fold = 187,
    /// <summary><c>FILTER</c></summary>
    Filter = 39,
    /// <summary><c>CONCAT_MAP</c></summary>
    ConcatMap = 40,
    /// <summary><c>ORDER_BY</c></summary>
    OrderBy = 41,
    /// <summary><c>DISTINCT</c></summary>
    Distinct = 42,
    /// <summary><c>COUNT</c></summary>
    Count = 43,
    /// <summary><c>IS_EMPTY</c></summary>
    IsEmpty = 86,
    /// <summary><c>UNION</c></summary>
    Union = 44,
    /// <summary><c>NTH</c></summary>
    Nth = 45,
    /// <summary><c>BRACKET</c></summary>
    Bracket = 170,
    /// <summary><c>INNER_JOIN</c></summary>
    InnerJoin = 48,
    /// <summary><c>OUTER_JOIN</c></summary>
    OuterJoin = 49,
    /// <summary><c>EQ_JOIN</c></summary>
    EqJoin = 50,
    /// <summary><c>ZIP</c></summary>
    Zip = 72,
    /// <summary><c>RANGE</c></summary>
    Range = 173,
    /// <summary><c>INSERT_AT</c></summary>
    InsertAt = 82,
    /// <summary><c>DELETE_AT</c></summary>
    DeleteAt = 83,
    /// <summary><c>CHANGE_AT</c></summary>
    ChangeAt = 84,
    /// <summary><c>SPLICE_AT</c></summary>
    SpliceAt = 85,
    /// <summary><c>COERCE_TO</c></summary>
    CoerceTo = 51,
    /// <summary><c>TYPE_OF</c></summary>
    TypeOf = 52,
    /// <summary><c>UPDATE</c></summary>
    Update = 53,
    /// <summary><c>DELETE</c></summary>
    Delete = 54,
    /// <summary><c>REPLACE</c></summary>
    Replace = 55,
    /// <summary><c>INSERT</c></summary>
    Insert = 56,
    /// <summary><c>DB_CREATE</c></summary>
    DbCreate = 57,
    /// <summary><c>DB_DROP</c></summary>
    DbDrop = 58,
    /// <summary><c>DB_LIST</c></summary>
    DbList = 59,
    /// <summary><c>TABLE_CREATE</c></summary>
    TableCreate = 60,
    /// <summary><c>TABLE_DROP</c></summary>
    TableDrop = 61,
    /// <summary><c>TABLE_LIST</c></summary>
    TableList = 62,
    /// <summary><c>CONFIG</c></summary>
    Config = 174,
    /// <summary><c>STATUS</c></summary>
    Status = 175,
    /// <summary><c>WAIT</c></summary>
    Wait = 177,
    /// <summary><c>RECONFIGURE</c></summary>
    Reconfigure = 176,
    /// <summary><c>REBALANCE</c></summary>
    Rebalance = 179,
    /// <summary><c>SYNC</c></summary>
    Sync = 138,
    /// <summary><c>GRANT</c></summary>
    Grant = 188,
    /// <summary><c>INDEX_CREATE</c></summary>
    IndexCreate = 75,
    /// <summary><c>INDEX_DROP</c></summary>
    IndexDrop = 76,
    /// <summary><c>INDEX_LIST</c></summary>
    IndexList = 77,
    /// <summary><c>INDEX_STATUS</c></summary>
    IndexStatus = 139,
    /// <summary><c>INDEX_WAIT</c></summary>
    IndexWait = 140,
    /// <summary><c>INDEX_RENAME</c></summary>
    IndexRename = 156,
    /// <summary><c>SET_WRITE_HOOK</c></summary>
    SetWriteHook = 189,
    /// <summary><c>GET_WRITE_HOOK</c></summary>
    GetWriteHook = 190,
    /// <summary><c>FUNCALL</c></summary>
    Funcall = 64,
    /// <summary><c>BRANCH</c></summary>
    Branch = 65,
    /// <summary><c>OR</c></summary>
    Or = 66,
    /// <summary><c>AND</c></summary>
    And = 67,
    /// <summary><c>FOR_EACH</c></summary>
    ForEach = 68,
    /// <summary><c>FUNC</c></summary>
    Func = 69,
    /// <summary><c>ASC</c></summary>
    Asc = 73,
    /// <summary><c>DESC</c></summary>
    Desc = 74,
    /// <summary><c>INFO</c></summary>
    Info = 79,
    /// <summary><c>MATCH</c></summary>
    Match = 97,
    /// <summary><c>UPCASE</c></summary>
    Upcase = 141,
    /// <summary><c>DOWNCASE</c></summary>
    Downcase = 142,
    /// <summary><c>SAMPLE</c></summary>
    Sample = 81,
    /// <summary><c>DEFAULT</c></summary>
    Default = 92,
    /// <summary><c>JSON</c></summary>
    Json = 98,
    /// <summary><c>ISO8601</c></summary>
    Iso8601 = 99,
    /// <summary><c>TO_ISO8601</c></summary>
    ToIso8601 = 100,
    /// <summary><c>EPOCH_TIME</c></summary>
    EpochTime = 101,
    /// <summary><c>TO_EPOCH_TIME</c></summary>
    ToEpochTime = 102,
    /// <summary><c>NOW</c></summary>
    Now = 103,
    /// <summary><c>IN_TIMEZONE</c></summary>
    InTimezone = 104,
    /// <summary><c>DURING</c></summary>
    During = 105,
    /// <summary><c>DATE</c></summary>
    Date = 106,
    /// <summary><c>TIME_OF_DAY</c></summary>
    TimeOfDay = 126,
    /// <summary><c>TIMEZONE</c></summary>
    Timezone = 127,
    /// <summary><c>YEAR</c></summary>
    Year = 128,
    /// <summary><c>MONTH</c></summary>
    Month = 129,
    /// <summary><c>DAY</c></summary>
    Day = 130,
    /// <summary><c>DAY_OF_WEEK</c></summary>
    DayOfWeek = 131,
    /// <summary><c>DAY_OF_YEAR</c></summary>
    DayOfYear = 132,
    /// <summary><c>HOURS</c></summary>
    Hours = 133,
    /// <summary><c>MINUTES</c></summary>
    Minutes = 134,
    /// <summary><c>SECONDS</c></summary>
    Seconds = 135,
    /// <summary><c>TIME</c></summary>
    Time = 136,
    /// <summary><c>MONDAY</c></summary>
    Monday = 107,
    /// <summary><c>TUESDAY</c></summary>
    Tuesday = 108,
    /// <summary><c>WEDNESDAY</c></summary>
    Wednesday = 109,
    /// <summary><c>THURSDAY</c></summary>
    Thursday = 110,
    /// <summary><c>FRIDAY</c></summary>
    Friday = 111,
    /// <summary><c>SATURDAY</c></summary>
    Saturday = 112,
    /// <summary><c>SUNDAY</c></summary>
    Sunday = 113,
    /// <summary><c>JANUARY</c></summary>
    January = 114,
    /// <summary><c>FEBRUARY</c></summary>
    February = 115,
    /// <summary><c>MARCH</c></summary>
    March = 116,
    /// <summary><c>APRIL</c></summary>
    April = 117,
    /// <summary><c>MAY</c></summary>
    May = 118,
    /// <summary><c>JUNE</c></summary>
    June = 119,
    /// <summary><c>JULY</c></summary>
    July = 120,
    /// <summary><c>AUGUST</c></summary>
    August = 121,
    /// <summary><c>SEPTEMBER</c></summary>
    September = 122,
    /// <summary><c>OCTOBER</c></summary>
    October = 123,
    /// <summary><c>NOVEMBER</c></summary>
    November = 124,
    /// <summary><c>DECEMBER</c></summary>
    December = 125,
    /// <summary><c>LITERAL</c></summary>
    Literal = 137,
    /// <summary><c>GROUP</c></summary>
    Group = 144,
    /// <summary><c>SUM</c></summary>
    Sum = 145,
    /// <summary><c>AVG</c></summary>
    Avg = 146,
    /// <summary><c>MIN</c></summary>
    Min = 147,
    /// <summary><c>MAX</c></summary>
    Max = 148,
    /// <summary><c>SPLIT</c></summary>
    Split = 149,
    /// <summary><c>UNGROUP</c></summary>
    Ungroup = 150,
    /// <summary><c>RANDOM</c></summary>
    Random = 151,
    /// <summary><c>CHANGES</c></summary>
    Changes = 152,
    /// <summary><c>ARGS</c></summary>
    Args = 154,
    /// <summary><c>BINARY</c></summary>
    Binary = 155,
    /// <summary><c>GEOJSON</c></summary>
    Geojson = 157,
    /// <summary><c>TO_GEOJSON</c></summary>
    ToGeojson = 158,
    /// <summary><c>POINT</c></summary>
    Point = 159,
    /// <summary><c>LINE</c></summary>
    Line = 160,
    /// <summary><c>POLYGON</c></summary>
    Polygon = 161,
    /// <summary><c>DISTANCE</c></summary>
    Distance = 162,
    /// <summary><c>INTERSECTS</c></summary>
    Intersects = 163,
    /// <summary><c>INCLUDES</c></summary>
    Includes = 164,
    /// <summary><c>CIRCLE</c></summary>
    Circle = 165,
    /// <summary><c>GET_INTERSECTING</c></summary>
    GetIntersecting = 166,
    /// <summary><c>FILL</c></summary>
    Fill = 167,
    /// <summary><c>GET_NEAREST</c></summary>
    GetNearest = 168,
    /// <summary><c>POLYGON_SUB</c></summary>
    PolygonSub = 171,
    /// <summary><c>TO_JSON_STRING</c></summary>
    ToJsonString = 172,
    /// <summary><c>MINVAL</c></summary>
    Minval = 180,
    /// <summary><c>MAXVAL</c></summary>
    Maxval = 181,
    /// <summary><c>BIT_AND</c></summary>
    BitAnd = 191,
    /// <summary><c>BIT_OR</c></summary>
    BitOr = 192,
    /// <summary><c>BIT_XOR</c></summary>
    BitXor = 193,
    /// <summary><c>BIT_NOT</c></summary>
    BitNot = 194,
    /// <summary><c>BIT_SAL</c></summary>
    BitSal = 195,
    /// <summary><c>BIT_SAR</c></summary>
    BitSar = 196,
}
