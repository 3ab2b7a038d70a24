// decode: the 9 volume tags, their shorthand and bare forms and defaults (config.md §6).
#include "helpers.h"

namespace vagga::testing {
namespace {

using Codes = std::vector<std::string>;

std::string vol(const std::string& value) {
    return "containers:\n  c:\n    volumes:\n      /v: " + value + "\n";
}
const ir::Volume& the_volume(const Decoded& d) {
    return d.container("c").volumes.at(ir::Str("/v"));
}

TEST(DecodeVolume, TmpfsFull) {
    Decoded d(vol("!Tmpfs\n        size: 1Gi\n        mode: 0o700\n        subdirs:\n"
                  "          a: {mode: 0o700}\n          b:\n        files:\n"
                  "          x.txt: hello\n          empty:\n"));
    ASSERT_EQ(d.codes(), Codes{});
    const auto& t = ir::get<ir::volume::Tmpfs>(the_volume(d).value);
    EXPECT_EQ(t.size, 1073741824u);
    EXPECT_EQ(t.mode, 0700u);
    EXPECT_EQ(t.subdirs.at(ir::Str("a")).mode, 0700u);
    EXPECT_EQ(t.subdirs.at(ir::Str("b")).mode, 0755u); // default 0o755, not 0o766
    EXPECT_EQ(t.files.at(ir::Str("x.txt")), ir::Opt<ir::Str>(ir::Str("hello")));
    EXPECT_FALSE(t.files.at(ir::Str("empty")));
}

TEST(DecodeVolume, TmpfsBareIsDefaultsAndNullIsError) {
    Decoded d(vol("!Tmpfs"));
    ASSERT_EQ(d.codes(), Codes{});
    const auto& t = ir::get<ir::volume::Tmpfs>(the_volume(d).value);
    EXPECT_EQ(t.size, 104857600u);
    EXPECT_EQ(t.mode, 01777u);
    EXPECT_EQ(Decoded(vol("!Tmpfs ~")).codes(), Codes{"bad-type@4:18"});
}

TEST(DecodeVolume, TmpfsModeBoundsAndPaths) {
    Decoded m(vol("!Tmpfs {mode: 0o2000}"));
    ASSERT_EQ(m.codes(), Codes{"bad-value@4:25"});
    EXPECT_EQ(m.first().message, "value must be at most 1023, found 1024");
    EXPECT_EQ(Decoded(vol("!Tmpfs {subdirs: {/abs: {}}}")).codes(), Codes{"bad-path@4:29"});
    EXPECT_EQ(Decoded(vol("!Tmpfs {files: {a/../b: x}}")).codes(), Codes{"bad-path@4:27"});
}

TEST(DecodeVolume, NullOnlyTags) {
    for (const char* v : {"!VaggaBin", "!VaggaBin ~", "!Empty", "!Empty ~"}) {
        Decoded d(vol(v));
        EXPECT_EQ(d.codes(), Codes{}) << v;
    }
    EXPECT_EQ(the_volume(Decoded(vol("!VaggaBin"))).kind(), ir::VolumeKind::VaggaBin);
    EXPECT_EQ(the_volume(Decoded(vol("!Empty"))).kind(), ir::VolumeKind::Empty);
    EXPECT_EQ(Decoded(vol("!VaggaBin x")).codes(), Codes{"bad-type@4:21"});
    EXPECT_EQ(Decoded(vol("!Empty x")).codes(), Codes{"bad-type@4:18"});
}

TEST(DecodeVolume, ScalarTags) {
    Decoded rw(vol("!BindRW /work/data"));
    ASSERT_EQ(rw.codes(), Codes{});
    EXPECT_EQ(ir::get<ir::volume::BindRW>(the_volume(rw).value).value.text, "/work/data");
    Decoded ro(vol("!BindRO /volumes/x"));
    ASSERT_EQ(ro.codes(), Codes{});
    EXPECT_EQ(ir::get<ir::volume::BindRO>(the_volume(ro).value).value.text, "/volumes/x");
    Decoded cd(vol("!CacheDir pip"));
    ASSERT_EQ(cd.codes(), Codes{});
    EXPECT_EQ(ir::get<ir::volume::CacheDir>(the_volume(cd).value).value.text, "pip");
    Decoded ct(vol("!Container other"));
    ASSERT_EQ(ct.codes(), Codes{});
    EXPECT_EQ(ir::get<ir::volume::Container>(the_volume(ct).value).value.text, "other");
    // Bare scalar tags have no value: an error.
    for (const char* v : {"!BindRW", "!BindRO", "!CacheDir", "!Container"})
        EXPECT_EQ(Decoded(vol(v)).codes(), Codes{"bad-type@4:11"}) << v;
}

TEST(DecodeVolume, Snapshot) {
    Decoded bare(vol("!Snapshot"));
    ASSERT_EQ(bare.codes(), Codes{});
    const auto& s = ir::get<ir::volume::Snapshot>(the_volume(bare).value);
    EXPECT_EQ(s.size, 104857600u);
    EXPECT_FALSE(s.owner_uid);
    EXPECT_FALSE(s.container);
    Decoded full(vol("!Snapshot {size: 10Mi, owner-uid: 1, owner-gid: 2, container: base}"));
    ASSERT_EQ(full.codes(), Codes{});
    const auto& f = ir::get<ir::volume::Snapshot>(the_volume(full).value);
    EXPECT_EQ(f.size, 10485760u);
    EXPECT_EQ(f.owner_uid, std::optional<uint32_t>(1));
    EXPECT_EQ(f.owner_gid, std::optional<uint32_t>(2));
    EXPECT_EQ(f.container->text, "base");
}

TEST(DecodeVolume, PersistentShorthandAndMapping) {
    Decoded sh(vol("!Persistent data"));
    ASSERT_EQ(sh.codes(), Codes{});
    const auto& p = ir::get<ir::volume::Persistent>(the_volume(sh).value);
    EXPECT_EQ(p.name.text, "data");
    EXPECT_FALSE(p.init_command);
    EXPECT_EQ(p.owner_uid, 0u);
    EXPECT_EQ(p.owner_gid, 0u);
    Decoded m(vol("!Persistent {name: db, init-command: init-db, owner-uid: 100, owner-gid: 101}"));
    ASSERT_EQ(m.codes(), Codes{});
    const auto& q = ir::get<ir::volume::Persistent>(the_volume(m).value);
    EXPECT_EQ(q.name.text, "db");
    EXPECT_EQ(q.init_command->text, "init-db");
    EXPECT_EQ(q.owner_uid, 100u);
    EXPECT_EQ(q.owner_gid, 101u);
}

TEST(DecodeVolume, PersistentWithoutName) {
    Decoded bare(vol("!Persistent"));
    ASSERT_EQ(bare.codes(), Codes{"missing-field@4:11"});
    Decoded empty(vol("!Persistent {}"));
    ASSERT_EQ(empty.codes(), Codes{"missing-field@4:23"});
}

TEST(DecodeVolume, UntaggedAndUnknown) {
    Decoded u(vol("/x"));
    ASSERT_EQ(u.codes(), Codes{"missing-tag@4:11"});
    Decoded k(vol("!Tmpfss"));
    ASSERT_EQ(k.codes(), Codes{"unknown-tag@4:11"});
    EXPECT_EQ(k.first().label, "did you mean `!Tmpfs`?");
}

TEST(DecodeVolume, AllNineKinds) {
    Decoded d("containers:\n  c:\n    volumes:\n"
              "      /a: !Tmpfs\n      /b: !VaggaBin\n      /c: !BindRW /work\n"
              "      /d: !BindRO /work\n      /e: !CacheDir x\n      /f: !Empty\n"
              "      /g: !Snapshot\n      /h: !Container c\n      /i: !Persistent p\n");
    ASSERT_EQ(d.codes(), Codes{});
    std::vector<ir::VolumeKind> kinds;
    for (const auto& [k, v] : d.container("c").volumes)
        kinds.push_back(v.kind());
    EXPECT_EQ(kinds, (std::vector<ir::VolumeKind>{
                         ir::VolumeKind::Tmpfs, ir::VolumeKind::VaggaBin, ir::VolumeKind::BindRW,
                         ir::VolumeKind::BindRO, ir::VolumeKind::CacheDir, ir::VolumeKind::Empty,
                         ir::VolumeKind::Snapshot, ir::VolumeKind::Container,
                         ir::VolumeKind::Persistent}));
}

} // namespace
} // namespace vagga::testing

namespace vagga::testing {
namespace {

using Codes = std::vector<std::string>;

// config.md §2.11: path keys are compared as paths after decoding, so `/tmp/`
// and `/tmp` are one mount point; the later one in sorted order wins.
TEST(DecodeVolume, PathKeysCollapseLikePaths) {
    Decoded d("containers:\n  c:\n    volumes:\n      /tmp: !Tmpfs\n      /tmp/: !Empty\n");
    ASSERT_EQ(d.codes(), Codes{});
    const auto& vols = d.container("c").volumes;
    ASSERT_EQ(vols.size(), 1u);
    EXPECT_EQ(vols.begin()->second.kind(), ir::VolumeKind::Empty);
}

TEST(DecodeVolume, TextKeysCollapseLikePaths) {
    Decoded d(
        "containers:\n  c:\n    setup:\n    - !Text\n        /etc/a: one\n        /etc//a: two\n");
    ASSERT_EQ(d.codes(), Codes{});
    EXPECT_EQ(d.step<ir::step::Text>("c", 0).value.size(), 1u);
}

} // namespace
} // namespace vagga::testing
