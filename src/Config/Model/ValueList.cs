using System.Collections;

namespace Edge.Config.Model;

/// <summary>
/// An immutable list with value semantics: two lists are equal when they hold equal items in the same
/// order. Records compare members with <see cref="EqualityComparer{T}.Default"/>, so plain arrays would
/// compare by reference and a config reload (which diffs old and new config by Equals) would see every
/// list as changed. <c>default</c> is the empty list.
/// </summary>
public readonly struct ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[]? _items;

    public ValueList(IEnumerable<T> items) => _items = items.ToArray();

    private ValueList(T[] items) => _items = items;

    public static ValueList<T> Empty => default;

    /// <summary>Wraps <paramref name="items"/> without copying; the caller must not mutate it afterwards.</summary>
    internal static ValueList<T> Wrap(T[] items) => new(items);

    public int Count => _items?.Length ?? 0;
    public bool IsEmpty => Count == 0;
    public T this[int index] => (_items ?? [])[index];

    public bool Equals(ValueList<T> other)
    {
        var a = _items ?? [];
        var b = other._items ?? [];
        if (a.Length != b.Length) return false;
        var cmp = EqualityComparer<T>.Default;
        for (var i = 0; i < a.Length; i++)
        {
            if (!cmp.Equals(a[i], b[i])) return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is ValueList<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items ?? []) hash.Add(item);
        return hash.ToHashCode();
    }

    public static bool operator ==(ValueList<T> left, ValueList<T> right) => left.Equals(right);
    public static bool operator !=(ValueList<T> left, ValueList<T> right) => !left.Equals(right);

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? [])).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "[" + string.Join(", ", _items ?? []) + "]";
}

/// <summary>Factory helpers so call sites read <c>ValueList.Of("a", "b")</c>.</summary>
public static class ValueList
{
    public static ValueList<T> Of<T>(params T[] items) => ValueList<T>.Wrap((T[])items.Clone());
    public static ValueList<T> From<T>(IEnumerable<T> items) => new(items);
}
