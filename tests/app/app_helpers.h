// A project for the application-layer tests: the config is read from a
// temporary folder by the real front end, then the project is moved to
// "/p" so that its storage lives only in a FakeFiles tree.
#pragma once

#include "app/versions.h"
#include "compiler/project/project.h"
#include "tests/common/temp_dir.h"
#include "tests/support/fake_ports.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace vagga::test {

inline project::Project project_from(const std::string& yaml) {
    TempDir dir;
    dir.write("vagga.yaml", yaml);
    project::Frontend fe;
    auto where = project::discover(dir.path(), *fe.fs);
    EXPECT_TRUE(where.has_value());
    project::LoadOptions opts;
    opts.read_settings = false;
    project::Project p = project::load(fe, *where, opts);
    EXPECT_FALSE(fe.diags.has_errors());
    p.root = "/p";
    return p;
}

// Versions by container name; a name not listed has an unknown version.
struct FakeVersions {
    std::map<std::string, hash::Result> by_name;
    std::vector<std::string> asked;

    void set(const std::string& name, const std::string& hash_prefix) {
        hash::Result r;
        r.kind = hash::Result::Kind::Ok;
        r.hash = hash_prefix + std::string(128 - hash_prefix.size(), '0');
        by_name[name] = r;
    }
    app::Versioner versioner() {
        return [this](const std::string& name) {
            asked.push_back(name);
            auto it = by_name.find(name);
            if (it != by_name.end())
                return it->second;
            hash::Result r;
            r.kind = hash::Result::Kind::NeedsBuild;
            r.message = "unknown before the build";
            return r;
        };
    }
};

} // namespace vagga::test
