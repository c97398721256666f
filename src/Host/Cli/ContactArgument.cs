using Pvtcoms.Actors.Storage;

namespace Pvtcoms.Host.Cli;

/// <summary>Finds the contact a CLI argument names: its display name (case-insensitive) or the start of its id.</summary>
public static class ContactArgument
{
    public static ContactRecord Resolve(IReadOnlyList<ContactRecord> contacts, string argument)
    {
        var byName = contacts.Where(c => string.Equals(c.DisplayName, argument, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byName.Count == 1)
        {
            return byName[0];
        }

        var byId = argument.Length >= 4
            ? contacts.Where(c => c.Id.Value.ToString("N").StartsWith(argument, StringComparison.OrdinalIgnoreCase)).ToList()
            : [];
        if (byName.Count == 0 && byId.Count == 1)
        {
            return byId[0];
        }

        throw byName.Count > 1 || byId.Count > 1
            ? new CliError("several contacts match; use the contact's id from `pvtcoms contacts`")
            : new CliError("no such contact; `pvtcoms contacts` lists them");
    }
}
