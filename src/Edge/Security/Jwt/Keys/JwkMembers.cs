using System.Text.Json;

namespace Edge.Security.Jwt.Keys;

/// <summary>
/// The members of one JWK (or of the JWK Set object) as read at load time: string values, string
/// arrays (<c>key_ops</c>), and for the set its <c>keys</c>. Duplicate member names are an error
/// (RFC 7517 §4: names MUST be unique), as in token headers.
/// </summary>
internal sealed class JwkMembers
{
    private readonly Dictionary<string, string?> _strings = new(StringComparer.Ordinal);

    private JwkMembers(long offset) => Offset = offset;

    /// <summary>Byte offset of the object's '{' in the file, for error positions.</summary>
    public long Offset { get; }

    public List<JwkMembers>? Keys { get; private set; }

    public List<string>? KeyOps { get; private set; }

    public bool Has(string name) => _strings.ContainsKey(name);

    /// <summary>The member's string value; null when absent or not a string.</summary>
    public string? String(string name) => _strings.GetValueOrDefault(name);

    /// <summary>Reads the object the reader is on (StartObject) to its EndObject.</summary>
    public static JwkMembers? Read(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, List<LoadError> errors)
    {
        var members = new JwkMembers(reader.TokenStartIndex);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameOffset = reader.TokenStartIndex;
            var name = reader.GetString()!;
            if (members._strings.ContainsKey(name) || (name == "keys" && members.Keys is not null))
            {
                errors.Add(LoadError.At(json, nameOffset, $"duplicate member \"{name}\""));
                return null;
            }
            reader.Read();
            if (name == "keys" && reader.TokenType == JsonTokenType.StartArray)
            {
                members.Keys = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        errors.Add(LoadError.At(json, reader.TokenStartIndex, "each entry of \"keys\" must be a JWK object"));
                        reader.Skip();
                        continue;
                    }
                    var key = Read(ref reader, json, errors);
                    if (key is null) return null;
                    members.Keys.Add(key);
                }
                members._strings[name] = null;
                continue;
            }
            if (name == "key_ops" && reader.TokenType == JsonTokenType.StartArray)
            {
                members.KeyOps = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.String) members.KeyOps.Add(reader.GetString()!);
                    else reader.Skip();
                }
                members._strings[name] = null;
                continue;
            }
            members._strings[name] = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            reader.Skip();
        }
        return members;
    }
}
