// The server in-process, as a scripted client drives it: lifecycle,
// diagnostics on unsaved text (only the newest version), completion, hover,
// definition, references, rename, symbols and code actions, and requests
// that are wrong in every way a client or a fuzzer can make them.
#include "lsp/server.h"
#include "lsp/uri.h"
#include "temp_dir.h"

#include <gtest/gtest.h>

namespace vagga::lsp {
namespace {

using nlohmann::json;

const char* kMain = R"(mixins: [more.yaml]
containers:
  base:
    setup:
    - !Debian bookworm
  app:
    setup:
    - !Container base
    - !Sh echo hi
commands:
  run: !Command
    description: Run the app
    container: app
    run: [app]
  all: !Supervise
    children:
      web: !Command {container: app, run: [web]}
      db: !Command {container: base, run: [db]}
)";

const char* kMore = R"(commands:
  more: !Command
    container: app
    prerequisites: [run]
    run: [x]
)";

struct Lsp : ::testing::Test {
    test::TempDir dir;
    Server server;
    int next_id = 1;
    std::string main_uri, more_uri;

    void SetUp() override {
        dir.write("vagga.yaml", kMain);
        dir.write("more.yaml", kMore);
        main_uri = uri_from_path(dir / "vagga.yaml");
        more_uri = uri_from_path(dir / "more.yaml");
    }

    json request(const std::string& method, json params) {
        auto out = server.handle(
            {{"jsonrpc", "2.0"}, {"id", next_id++}, {"method", method}, {"params", params}});
        EXPECT_EQ(out.size(), 1u) << method;
        return out.empty() ? json() : out[0];
    }
    std::vector<json> notify(const std::string& method, json params) {
        return server.handle({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
    }
    void initialize(json caps = json::object()) {
        auto r = request("initialize", {{"capabilities", caps}});
        ASSERT_TRUE(r.contains("result")) << r.dump();
        notify("initialized", json::object());
    }
    void open(const std::string& uri, const std::string& text, int version = 1) {
        notify("textDocument/didOpen",
               {{"textDocument",
                 {{"uri", uri}, {"languageId", "yaml"}, {"version", version}, {"text", text}}}});
    }
    json at(const std::string& uri, size_t line, size_t character) {
        return {{"textDocument", {{"uri", uri}}},
                {"position", {{"line", line}, {"character", character}}}};
    }
    // publishDiagnostics params by URI.
    std::map<std::string, json> diagnostics() {
        std::map<std::string, json> out;
        for (const auto& m : server.analyse_dirty())
            out[m["params"]["uri"]] = m["params"];
        return out;
    }
    std::vector<std::string> labels(const json& completion) {
        std::vector<std::string> out;
        for (const auto& i : completion["result"]["items"])
            out.push_back(i["label"]);
        return out;
    }
};

bool has(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

TEST_F(Lsp, InitializeNegotiatesTheEncoding) {
    auto r = request("initialize", json{{"capabilities", json::object()}});
    EXPECT_EQ(r["result"]["capabilities"]["positionEncoding"], "utf-16");
    EXPECT_EQ(r["result"]["capabilities"]["textDocumentSync"]["change"], 2);
    Server other;
    auto r8 = other.handle(
        {{"jsonrpc", "2.0"},
         {"id", 1},
         {"method", "initialize"},
         {"params",
          {{"capabilities", {{"general", {{"positionEncodings", {"utf-16", "utf-8"}}}}}}}}});
    EXPECT_EQ(r8[0]["result"]["capabilities"]["positionEncoding"], "utf-8");
}

std::string with_typo() {
    std::string t = kMain;
    t.replace(t.find("  app:\n    setup:"), 17, "  app:\n    volumse: {}\n    setup:");
    return t;
}

TEST_F(Lsp, DiagnosticsOfUnsavedTextWithTheSameCodesAsCheck) {
    initialize();
    open(main_uri, with_typo());
    auto d = diagnostics();
    ASSERT_TRUE(d.count(main_uri));
    const auto& list = d[main_uri]["diagnostics"];
    ASSERT_EQ(list.size(), 1u) << list.dump(2);
    EXPECT_EQ(list[0]["code"], "unknown-key");
    EXPECT_EQ(list[0]["severity"], 1);
    EXPECT_EQ(list[0]["range"]["start"]["line"], 6);
    EXPECT_EQ(list[0]["range"]["start"]["character"], 4);
    EXPECT_EQ(list[0]["range"]["end"]["character"], 11);
    EXPECT_EQ(list[0]["data"]["fix"], "volumes");
    EXPECT_EQ(d[main_uri]["version"], 1);

    // The quick fix replaces the key.
    auto actions = request("textDocument/codeAction", {{"textDocument", {{"uri", main_uri}}},
                                                       {"range", list[0]["range"]},
                                                       {"context", {{"diagnostics", list}}}});
    ASSERT_EQ(actions["result"].size(), 1u);
    EXPECT_EQ(actions["result"][0]["edit"]["changes"][main_uri][0]["newText"], "volumes");

    // Closing clears them; the file on disk is clean.
    auto closed = notify("textDocument/didClose", {{"textDocument", {{"uri", main_uri}}}});
    ASSERT_EQ(closed.size(), 1u);
    EXPECT_TRUE(closed[0]["params"]["diagnostics"].empty());
}

// A missing field is where the original put it (the mapping's first key),
// with the tag that opens the mapping as related information.
TEST_F(Lsp, MissingFieldPointsAtTheMappingAndItsTag) {
    initialize();
    open(main_uri, "containers:\n  x:\n    setup: []\ncommands:\n  run: !Command\n"
                   "    container: x\n");
    auto d = diagnostics();
    const auto& list = d[main_uri]["diagnostics"];
    ASSERT_EQ(list.size(), 1u) << list.dump(2);
    EXPECT_EQ(list[0]["code"], "missing-field");
    EXPECT_EQ(list[0]["range"]["start"]["line"], 5);
    EXPECT_EQ(list[0]["range"]["start"]["character"], 4);
    const auto& related = list[0]["relatedInformation"][0];
    EXPECT_EQ(related["location"]["uri"], main_uri);
    EXPECT_EQ(related["location"]["range"]["start"]["line"], 4);
    EXPECT_EQ(related["location"]["range"]["start"]["character"], 7);
    EXPECT_EQ(related["message"], "in this `!Command`");
}

TEST_F(Lsp, ABurstOfEditsIsAnalysedOnceAtItsNewestVersion) {
    initialize();
    open(main_uri, kMain);
    EXPECT_TRUE(diagnostics()[main_uri]["diagnostics"].empty());
    auto change = [&](int version, const std::string& text) {
        notify("textDocument/didChange",
               {{"textDocument", {{"uri", main_uri}, {"version", version}}},
                {"contentChanges", {{{"text", text}}}}});
    };
    change(2, with_typo());
    change(3, std::string(kMain) + "bad: [\n");
    change(4, kMain);
    auto d = server.analyse_dirty();
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0]["params"]["version"], 4);
    EXPECT_TRUE(d[0]["params"]["diagnostics"].empty());
    EXPECT_TRUE(server.analyse_dirty().empty()); // nothing changed since
}

TEST_F(Lsp, IncrementalEditsInUtf16) {
    initialize();
    std::string text = kMain;
    text.replace(text.find("Run the app"), 11, "Run the app 😀");
    open(main_uri, text);
    diagnostics();
    // Line 11 is `    description: Run the app 😀`; line 12 `    container: app`.
    json range = {{"start", {{"line", 12}, {"character", 15}}},
                  {"end", {{"line", 12}, {"character", 18}}}};
    json change = {{"range", range}, {"text", "apq"}};
    notify("textDocument/didChange", {{"textDocument", {{"uri", main_uri}, {"version", 2}}},
                                      {"contentChanges", json::array({change})}});
    auto list = diagnostics()[main_uri]["diagnostics"];
    ASSERT_EQ(list.size(), 1u) << list.dump(2);
    EXPECT_EQ(list[0]["code"], "unknown-container");
    EXPECT_EQ(list[0]["range"]["start"]["line"], 12);
    EXPECT_EQ(list[0]["range"]["start"]["character"], 15);
    EXPECT_EQ(list[0]["data"]["fix"], "app");
    // Past the emoji, columns count UTF-16 units: hover at `app` in `run: [app]`
    // is not a reference; the description line's end is 29 units, 30 bytes.
    auto h = request("textDocument/hover", at(main_uri, 11, 16));
    EXPECT_TRUE(h["result"].is_null() || h["result"].is_object());
}

TEST_F(Lsp, DiagnosticsOfAMixinGoToTheMixin) {
    initialize();
    open(main_uri, kMain);
    open(more_uri, std::string(kMore) + "    volumse: {}\n");
    auto d = diagnostics();
    ASSERT_TRUE(d.count(main_uri) && d.count(more_uri));
    // The original skipped a broken mixin with a warning on the main file;
    // the mixin's own document shows the error where it is.
    ASSERT_EQ(d[main_uri]["diagnostics"].size(), 1u) << d[main_uri].dump();
    EXPECT_EQ(d[main_uri]["diagnostics"][0]["code"], "mixin-skipped");
    EXPECT_EQ(d[main_uri]["diagnostics"][0]["relatedInformation"][0]["location"]["uri"], more_uri);
    ASSERT_EQ(d[more_uri]["diagnostics"].size(), 1u) << d[more_uri].dump();
    const auto& here = d[more_uri]["diagnostics"][0];
    EXPECT_EQ(here["range"]["start"]["line"], 5);
    EXPECT_NE(here["message"].get<std::string>().find("unknown field `volumse`"),
              std::string::npos);
    EXPECT_EQ(here["relatedInformation"][0]["location"]["uri"], main_uri);
}

TEST_F(Lsp, CompletionOfTagsKeysValuesAndNames) {
    initialize();
    std::string text = std::string(kMain) + "  new: !Command\n    container: \n    wri";
    open(main_uri, text);
    auto names = labels(request("textDocument/completion", at(main_uri, 19, 15)));
    EXPECT_EQ(names, (std::vector<std::string>{"app", "base"}));
    auto keys = labels(request("textDocument/completion", at(main_uri, 20, 7)));
    EXPECT_TRUE(has(keys, "write-mode")) << ::testing::PrintToString(keys);
    EXPECT_TRUE(has(keys, "environ"));

    open(main_uri, "containers:\n  x:\n    setup:\n    - !\n", 2);
    auto tags = labels(request("textDocument/completion", at(main_uri, 3, 7)));
    EXPECT_TRUE(has(tags, "!Ubuntu") && has(tags, "!Install") && has(tags, "!Debian"));
    EXPECT_FALSE(has(tags, "!BindRW")); // a volume, not a step

    open(main_uri, "containers:\n  x:\n    volumes:\n      /tmp: !\n", 3);
    tags = labels(request("textDocument/completion", at(main_uri, 3, 13)));
    EXPECT_TRUE(has(tags, "!Tmpfs") && has(tags, "!BindRW"));
    EXPECT_FALSE(has(tags, "!Ubuntu"));

    open(main_uri, "commands:\n  r: !Command\n    write-mode: \n", 4);
    auto values = labels(request("textDocument/completion", at(main_uri, 2, 16)));
    EXPECT_TRUE(has(values, "read-only")) << ::testing::PrintToString(values);

    // Project files for !Depends and !Copy's source; YAML files for mixins.
    dir.write("src/app.py", "");
    open(main_uri,
         "containers:\n  x:\n    setup:\n    - !Depends sr\n    - !Copy\n"
         "      source: /work/src/\n",
         6);
    auto deps = labels(request("textDocument/completion", at(main_uri, 3, 16)));
    EXPECT_TRUE(has(deps, "src/")) << ::testing::PrintToString(deps);
    EXPECT_TRUE(has(deps, "vagga.yaml"));
    auto copy = labels(request("textDocument/completion", at(main_uri, 5, 24)));
    EXPECT_EQ(copy, (std::vector<std::string>{"/work/src/app.py"}));
    open(main_uri, "mixins:\n- m\n", 7);
    auto mixins = labels(request("textDocument/completion", at(main_uri, 1, 3)));
    EXPECT_TRUE(has(mixins, "more.yaml") && !has(mixins, "src/app.py"))
        << ::testing::PrintToString(mixins);

    // Items carry the schema's documentation.
    open(main_uri, "containers:\n  x:\n    \n", 5);
    auto r = request("textDocument/completion", at(main_uri, 2, 4));
    bool documented = false;
    for (const auto& i : r["result"]["items"])
        if (i["label"] == "setup")
            documented = i["documentation"]["value"].get<std::string>().find("build steps") !=
                         std::string::npos;
    EXPECT_TRUE(documented) << r.dump(2);
}

TEST_F(Lsp, HoverOnKeysTagsAndContainers) {
    initialize();
    open(main_uri, kMain);
    auto tag = request("textDocument/hover", at(main_uri, 4, 8)); // !Debian
    EXPECT_NE(tag["result"]["contents"]["value"].get<std::string>().find("**!Debian**"),
              std::string::npos)
        << tag.dump();
    auto key = request("textDocument/hover", at(main_uri, 12, 6)); // container:
    EXPECT_NE(key["result"]["contents"]["value"].get<std::string>().find("**container**"),
              std::string::npos)
        << key.dump();
    auto ref = request("textDocument/hover", at(main_uri, 12, 16)); // app
    std::string summary = ref["result"]["contents"]["value"];
    EXPECT_NE(summary.find("**container** `app`"), std::string::npos) << summary;
    EXPECT_NE(summary.find("2 build steps: `!Container` `!Sh`"), std::string::npos) << summary;
}

TEST_F(Lsp, DefinitionReferencesAndRenameAcrossMixins) {
    initialize();
    open(main_uri, kMain);
    open(more_uri, kMore);
    // `container: app` in more.yaml -> `app:` in vagga.yaml.
    auto def = request("textDocument/definition", at(more_uri, 2, 16));
    EXPECT_EQ(def["result"]["uri"], main_uri) << def.dump();
    EXPECT_EQ(def["result"]["range"]["start"]["line"], 5);
    // prerequisites: [run] -> the command `run`.
    def = request("textDocument/definition", at(more_uri, 3, 21));
    EXPECT_EQ(def["result"]["range"]["start"]["line"], 10) << def.dump();

    auto refs = request("textDocument/references", {{"textDocument", {{"uri", main_uri}}},
                                                    {"position", {{"line", 5}, {"character", 3}}},
                                                    {"context", {{"includeDeclaration", true}}}});
    // app: the definition, run's container, web's, more's.
    EXPECT_EQ(refs["result"].size(), 4u) << refs.dump(2);

    auto edit = request("textDocument/rename", {{"textDocument", {{"uri", main_uri}}},
                                                {"position", {{"line", 5}, {"character", 3}}},
                                                {"newName", "application"}});
    const auto& changes = edit["result"]["changes"];
    EXPECT_EQ(changes[main_uri].size(), 3u) << edit.dump(2);
    EXPECT_EQ(changes[more_uri].size(), 1u);
    auto bad = request("textDocument/rename", {{"textDocument", {{"uri", main_uri}}},
                                               {"position", {{"line", 5}, {"character", 3}}},
                                               {"newName", "a b"}});
    EXPECT_TRUE(bad.contains("error"));

    // The mixin path opens the file.
    def = request("textDocument/definition", at(main_uri, 0, 12));
    EXPECT_EQ(def["result"]["uri"], more_uri) << def.dump();
}

TEST_F(Lsp, DocumentSymbols) {
    initialize();
    open(main_uri, kMain);
    auto r = request("textDocument/documentSymbol", {{"textDocument", {{"uri", main_uri}}}});
    std::vector<std::string> names;
    for (const auto& s : r["result"])
        names.push_back(s["name"]);
    EXPECT_EQ(names, (std::vector<std::string>{"app", "base", "all", "run"}));
    EXPECT_EQ(r["result"][2]["children"].size(), 2u);
    EXPECT_EQ(r["result"][0]["selectionRange"]["start"]["line"], 5);
}

TEST_F(Lsp, WrongMessagesGetErrorsNotCrashes) {
    auto before = server.handle({{"jsonrpc", "2.0"},
                                 {"id", 1},
                                 {"method", "textDocument/hover"},
                                 {"params", at(main_uri, 0, 0)}});
    initialize();
    std::vector<json> bad = {
        json::array(),
        {{"jsonrpc", "1.0"}, {"id", 1}, {"method", "x"}},
        {{"jsonrpc", "2.0"}, {"id", json::object()}, {"method", "initialize"}},
        {{"jsonrpc", "2.0"}, {"id", 2}, {"method", 7}},
        {{"jsonrpc", "2.0"}, {"id", 3}, {"method", "textDocument/hover"}, {"params", 5}},
        {{"jsonrpc", "2.0"},
         {"id", 4},
         {"method", "textDocument/hover"},
         {"params", {{"textDocument", {{"uri", 5}}}}}},
        {{"jsonrpc", "2.0"},
         {"id", 5},
         {"method", "textDocument/completion"},
         {"params", at("file:///nowhere.yaml", 99, 99)}},
        {{"jsonrpc", "2.0"}, {"id", 6}, {"method", "no/such"}},
        {{"jsonrpc", "2.0"},
         {"method", "textDocument/didChange"},
         {"params", {{"textDocument", {{"uri", main_uri}}}, {"contentChanges", 3}}}},
        {{"jsonrpc", "2.0"},
         {"method", "textDocument/didOpen"},
         {"params", {{"textDocument", {{"uri", "untitled:1"}, {"text", "x"}}}}}},
    };
    for (const auto& m : bad) {
        auto out = server.handle(m);
        for (const auto& o : out)
            EXPECT_TRUE(o.contains("error") || o.contains("result")) << m.dump();
    }
    // Positions far outside the text are clamped.
    open(main_uri, kMain);
    auto r = request("textDocument/completion", at(main_uri, 1000000, 1000000));
    EXPECT_TRUE(r.contains("result"));
    r = request("shutdown", nullptr);
    EXPECT_TRUE(r["result"].is_null());
    r = request("textDocument/hover", at(main_uri, 0, 0));
    EXPECT_TRUE(r.contains("error"));
    notify("exit", nullptr);
    EXPECT_EQ(server.exit_code(), 0);
    ASSERT_EQ(before.size(), 1u);
    EXPECT_EQ(before[0]["error"]["code"], rpc_error::server_not_initialized);
}

} // namespace
} // namespace vagga::lsp
