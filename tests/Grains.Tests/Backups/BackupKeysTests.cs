using Gsp.Backups;

namespace Gsp.Tests.Backups;

public sealed class BackupKeysTests
{
    [Theory]
    [InlineData("user-1", "user-1")]
    [InlineData("../../etc", "~2e~2e~2f~2e~2e~2fetc")]
    [InlineData("a/b", "a~2fb")]
    [InlineData(".", "~2e")]
    [InlineData("", "~")]
    [InlineData("zoë", "zo~c3~ab")]
    public void Prefix_segments_cannot_climb_out_of_or_into_another_users_folder(string value, string segment)
    {
        Assert.Equal(segment, BackupKeys.Segment(value));
        Assert.Equal($"backups/{segment}/host~2eabc123/", BackupKeys.Prefix(value, "host.abc123"));
    }

    [Fact]
    public void Different_user_ids_never_share_a_prefix()
    {
        // "a~2fb" spelled out literally must not collide with "a/b" escaped.
        Assert.NotEqual(BackupKeys.Segment("a/b"), BackupKeys.Segment("a~2fb"));
    }

    [Fact]
    public void New_ids_sort_by_time_and_only_such_ids_are_accepted()
    {
        var earlier = BackupKeys.NewId(new DateTimeOffset(2026, 11, 23, 23, 59, 59, TimeSpan.Zero));
        var later = BackupKeys.NewId(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

        Assert.True(string.CompareOrdinal(earlier, later) < 0);
        Assert.StartsWith("20261123-235959-", earlier);
        Assert.True(BackupKeys.IsValidId(earlier));
        Assert.False(BackupKeys.IsValidId("../" + earlier));
        Assert.False(BackupKeys.IsValidId(earlier + "/x"));
        Assert.False(BackupKeys.IsValidId(null));
    }
}
