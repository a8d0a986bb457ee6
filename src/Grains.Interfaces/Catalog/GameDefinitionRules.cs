using System.Text.RegularExpressions;

namespace Gsp.Catalog;

/// <summary>
/// What makes a catalog entry acceptable, and how an owner's variables become a server's environment.
/// Shared by the catalog grain (the authority) and the dashboard's forms (early feedback).
/// </summary>
public static partial class GameDefinitionRules
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Every problem with a definition, in plain words; empty when it is acceptable.</summary>
    public static IReadOnlyList<string> Validate(GameDefinition definition)
    {
        var problems = new List<string>();
        if (!IdPattern().IsMatch(definition.Id))
        {
            problems.Add("id must be 2–40 lower-case letters, digits or dashes");
        }

        if (string.IsNullOrWhiteSpace(definition.DisplayName))
        {
            problems.Add("display name is required");
        }

        if (string.IsNullOrWhiteSpace(definition.Image) || definition.Image.Any(char.IsWhiteSpace))
        {
            problems.Add("image must be an image reference without spaces");
        }

        if (definition.Ports.Count == 0)
        {
            problems.Add("at least one port is required");
        }

        foreach (var port in definition.Ports.Where(p => p.Number is < 1 or > 65535))
        {
            problems.Add($"port {port.Number} is outside 1–65535");
        }

        if (definition.Ports.GroupBy(p => p.Number).Any(g => g.Count() > 1))
        {
            problems.Add("a port number may appear once (use protocol 'both' for TCP and UDP)");
        }

        if (definition.MemoryMb is < 16 or > 262_144)
        {
            problems.Add("memory must be between 16 MB and 256 GB");
        }

        if (definition.Cpus is <= 0 or > 64)
        {
            problems.Add("CPUs must be more than 0 and at most 64");
        }

        if (definition.PricePerHour is < 0 or > 1000 || decimal.Round(definition.PricePerHour, 4) != definition.PricePerHour)
        {
            problems.Add("price per hour must be between 0 and 1000 credits, with at most four decimals");
        }

        if (!definition.DataPath.StartsWith('/'))
        {
            problems.Add("data path must be an absolute path inside the container");
        }

        foreach (var variable in definition.Variables)
        {
            if (!VariableNamePattern().IsMatch(variable.Name))
            {
                problems.Add($"variable name '{variable.Name}' must be upper-case letters, digits and underscores");
            }

            if (!IsValidPattern(variable.Pattern))
            {
                problems.Add($"variable {variable.Name} has an invalid pattern");
            }
            else if (variable.DefaultValue.Length > 0 && !Matches(variable, variable.DefaultValue))
            {
                problems.Add($"variable {variable.Name}'s default does not match its own pattern");
            }
        }

        return problems;
    }

    /// <summary>
    /// The environment of a new server: the game's defaults, then each variable's default, then the owner's
    /// values. Problems name the variable; a value for a variable the game does not declare is refused,
    /// so an owner cannot set arbitrary environment (such as the proxy's or Docker's own).
    /// </summary>
    public static (IReadOnlyDictionary<string, string> Environment, IReadOnlyList<string> Problems) ResolveEnvironment(
        GameDefinition definition,
        IReadOnlyDictionary<string, string> values)
    {
        var problems = new List<string>();
        var environment = new Dictionary<string, string>(definition.Environment, StringComparer.Ordinal);
        var declared = definition.Variables.ToDictionary(v => v.Name, StringComparer.Ordinal);

        foreach (var name in values.Keys.Where(n => !declared.ContainsKey(n)))
        {
            problems.Add($"{name} is not a setting of {definition.DisplayName}");
        }

        foreach (var variable in definition.Variables)
        {
            var value = values.TryGetValue(variable.Name, out var given) && given.Length > 0 ? given : variable.DefaultValue;
            if (value.Length == 0)
            {
                if (variable.Required)
                {
                    problems.Add($"{variable.Name} is required ({variable.Description})");
                }

                continue;
            }

            if (value.Length > 256 || value.Any(char.IsControl) || !Matches(variable, value))
            {
                problems.Add($"{variable.Name} is not valid: {variable.Description}");
                continue;
            }

            environment[variable.Name] = value;
        }

        return (environment, problems);
    }

    private static bool Matches(GameVariable variable, string value)
    {
        try
        {
            return Regex.IsMatch(value, $"^(?:{variable.Pattern})$", RegexOptions.None, PatternTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static bool IsValidPattern(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, PatternTimeout);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,39}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,63}$")]
    private static partial Regex VariableNamePattern();
}
