using Microsoft.Extensions.Options;

namespace RethinkDb.Extensions.Hosting;

/// <summary>
/// Validates <see cref="RethinkDbOptions"/> at start-up. Source-generated (no reflection, trimming and AOT safe):
/// the generator calls <see cref="RethinkDbOptions.Validate"/>, whose messages name configuration keys.
/// </summary>
[OptionsValidator]
internal sealed partial class RethinkDbOptionsValidator : IValidateOptions<RethinkDbOptions>;
