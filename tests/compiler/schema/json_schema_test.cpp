#include "compiler/schema/json_schema.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace vagga::schema {
namespace {

using nlohmann::json;

const json& schema() {
    static const json s = json_schema();
    return s;
}

const json& def(const std::string& name) {
    return schema().at("definitions").at(name);
}

// The mapping form of a struct definition (a shorthand makes it an anyOf).
const json& mapping(const json& d) {
    if (d.contains("properties"))
        return d;
    for (const auto& alt : d.at("anyOf"))
        if (alt.contains("properties"))
            return alt;
    ADD_FAILURE() << "no mapping form in " << d.dump();
    return d;
}

bool has_type(const json& s, const std::string& t) {
    const json& type = s.at("type");
    if (type.is_string())
        return type == t;
    return std::find(type.begin(), type.end(), json(t)) != type.end();
}

bool contains(const json& list, const std::string& v) {
    return std::find(list.begin(), list.end(), json(v)) != list.end();
}

TEST(JsonSchema, RootIsTheConfigMapping) {
    const json& s = schema();
    EXPECT_EQ(s.at("$schema"), "http://json-schema.org/draft-07/schema#");
    EXPECT_EQ(s.at("title"), "vagga.yaml");
    EXPECT_TRUE(has_type(s, "object"));
    EXPECT_TRUE(has_type(s, "null")); // an empty file is an empty config
    for (const char* key : {"minimum-vagga", "mixins", "containers", "commands"})
        EXPECT_TRUE(s.at("properties").contains(key)) << key;
    EXPECT_EQ(s.at("additionalProperties"), false);
    // `_` keys hold anchors; the decoder skips them.
    EXPECT_TRUE(s.at("patternProperties").contains("^_"));
    EXPECT_EQ(s.at("properties").at("containers").at("additionalProperties").at("$ref"),
              "#/definitions/Container");
    EXPECT_EQ(s.at("properties").at("commands").at("additionalProperties").at("$ref"),
              "#/definitions/Command");
}

TEST(JsonSchema, ContainerFieldsHaveTypesDocsAndDefaults) {
    const json& c = mapping(def("Container"));
    const json& props = c.at("properties");
    EXPECT_EQ(props.at("setup").at("items").at("$ref"), "#/definitions/Step");
    EXPECT_TRUE(has_type(props.at("setup"), "null")); // `setup:` is an empty list
    EXPECT_EQ(props.at("auto-clean").at("type"), "boolean");
    EXPECT_EQ(props.at("auto-clean").at("default"), false);
    EXPECT_NE(props.at("auto-clean").at("description").get<std::string>().find("Since vagga 0.2.3"),
              std::string::npos);
    EXPECT_EQ(props.at("volumes").at("propertyNames").at("pattern"), "^/");
    // The snake_case spelling is accepted but not offered.
    EXPECT_FALSE(props.contains("auto_clean"));
    EXPECT_TRUE(c.at("patternProperties").contains("^auto_clean$"));
    EXPECT_FALSE(c.contains("required"));
}

TEST(JsonSchema, CommandRequiresItsFields) {
    const json& cmd = mapping(def("Command.Command"));
    EXPECT_EQ(def("Command.Command").at("title"), "!Command");
    EXPECT_TRUE(contains(cmd.at("required"), "run"));
    EXPECT_TRUE(contains(cmd.at("required"), "container"));
    EXPECT_EQ(cmd.at("additionalProperties"), false);
    // A union is the anyOf of its options' shapes, tags left out.
    const json& any = def("Command").at("anyOf");
    ASSERT_EQ(any.size(), 3u);
    EXPECT_EQ(any[0].at("$ref"), "#/definitions/Command.Command");
    EXPECT_EQ(any[2].at("$ref"), "#/definitions/Command.Supervise");
}

TEST(JsonSchema, NumbersTakeHumannumText) {
    const json& uid = mapping(def("Command.Command")).at("properties").at("user-id");
    ASSERT_TRUE(uid.contains("anyOf"));
    EXPECT_EQ(uid.at("anyOf")[0].at("type"), "integer");
    EXPECT_EQ(uid.at("anyOf")[0].at("maximum"), 1073741824);
    EXPECT_EQ(uid.at("anyOf")[1].at("type"), "string");
    EXPECT_EQ(uid.at("default"), 0);
    const json& size = mapping(def("Volume.Tmpfs")).at("properties").at("size");
    EXPECT_EQ(size.at("default"), "100Mi");
    const json& mode = mapping(def("Volume.Tmpfs")).at("properties").at("mode");
    EXPECT_EQ(mode.at("default"), "0o1777");
}

TEST(JsonSchema, EnumsListTheirValues) {
    const json& pid1 = def("Pid1Mode");
    ASSERT_TRUE(pid1.contains("anyOf")); // `wait_all_children` is accepted too
    const json& values = pid1.at("anyOf")[0].at("enum");
    EXPECT_EQ(values, json::array({"exec", "wait", "wait-all-children"}));
    EXPECT_EQ(pid1.at("anyOf")[1].at("pattern"), "^(wait_all_children)$");
    const json& field = mapping(def("Command.Command")).at("properties").at("pid1mode");
    EXPECT_EQ(field.at("$ref"), "#/definitions/Pid1Mode");
    EXPECT_EQ(field.at("default"), "wait");
}

TEST(JsonSchema, ShorthandAcceptsTheScalar) {
    const json& persistent = def("Volume.Persistent");
    ASSERT_TRUE(persistent.contains("anyOf"));
    EXPECT_TRUE(contains(mapping(persistent).at("required"), "name"));
    EXPECT_TRUE(has_type(persistent.at("anyOf")[1], "string"));
    // !Depends `path` too; a struct without one is a mapping only.
    EXPECT_TRUE(def("Step.Depends").contains("anyOf"));
    EXPECT_FALSE(def("Step.Tar").contains("anyOf"));
}

TEST(JsonSchema, PayloadAndBareOptions) {
    const json& install = def("Step.Install");
    EXPECT_EQ(install.at("title"), "!Install");
    EXPECT_TRUE(has_type(install, "array"));
    EXPECT_EQ(def("Volume.VaggaBin").at("type"), "null");
    EXPECT_EQ(def("Step.UbuntuUniverse").at("type"), "null");
}

TEST(JsonSchema, DeprecatedFieldsAreMarked) {
    const json& version = mapping(def("Step.UbuntuRelease")).at("properties").at("version");
    EXPECT_EQ(version.at("deprecated"), true);
    EXPECT_EQ(version.at("deprecationMessage"), "Deprecated: use `codename`.");
    EXPECT_NE(version.at("description").get<std::string>().find("Deprecated: use `codename`"),
              std::string::npos);
}

TEST(CustomTags, EveryKindTheDecoderTakes) {
    json tags = custom_tags();
    ASSERT_TRUE(tags.is_array());
    for (const char* t :
         {"!Install sequence", "!Install scalar", "!Command mapping", "!Supervise mapping",
          "!Sh scalar", "!Tmpfs mapping", "!Tmpfs scalar", "!Persistent mapping",
          "!Persistent scalar", "!VaggaBin scalar", "!UbuntuUniverse scalar", "!Git mapping",
          "!Env mapping", "!BindRW scalar", "!Directory scalar", "!*Include scalar",
          "!*Unpack sequence"})
        EXPECT_TRUE(contains(tags, t)) << t;
    // `!Git` needs `url`: a bare `!Git` is an error. `!Sh` takes only text.
    for (const char* t : {"!Git scalar", "!Sh mapping", "!Sh sequence", "!Command scalar"})
        EXPECT_FALSE(contains(tags, t)) << t;
    // `!Command` and `!Container` are options of several unions: listed once.
    EXPECT_EQ(std::count(tags.begin(), tags.end(), json("!Container scalar")), 1);
    // The main kind comes first, for servers that read only one per tag.
    auto at = [&](const char* t) { return std::find(tags.begin(), tags.end(), json(t)); };
    EXPECT_LT(at("!Install sequence"), at("!Install scalar"));
}

} // namespace
} // namespace vagga::schema
