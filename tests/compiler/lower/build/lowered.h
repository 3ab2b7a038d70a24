// Lowering one container `c` of a config decoded from text, with fake
// hosts (mirrors, built roots), for the lower_build tests.
#pragma once

#include "compiler/lower/build.h"
#include "tests/compiler/frontend/helpers.h"

#include <gtest/gtest.h>

namespace vagga::testing {

inline std::vector<std::string> lines(std::vector<std::string> v) {
    for (auto& s : v)
        if (auto colon = s.rfind(':'); colon != std::string::npos && s.find('@') < colon)
            s.resize(colon);
    return v;
}

struct Lowered {
    Decoded d;
    project::Settings settings;
    lower::BuildInput in;
    diag::Diagnostics diags;
    plan::BuildPlan plan;

    explicit Lowered(const std::string& setup, const std::string& extra = "")
        : d("containers:\n  c:\n" + extra + "    setup:\n" + setup) {
        EXPECT_FALSE(d.diags.has_errors()) << d.text();
        settings.ubuntu_mirror = "http://ubuntu.invalid/ubuntu/";
        settings.alpine_mirror = "http://alpine.invalid/alpine/";
        in.config = &d.config;
        in.settings = &settings;
        in.project_root = "/p";
        in.root_dir = "/p/.vagga/.roots/.tmp.c/root";
        in.cache_dir = "/p/.vagga/.cache";
        in.debian_mirror = "http://mirror.invalid/debian";
        in.host_env = {
            {"http_proxy", "http://proxy:3128"}, {"NO_PROXY", "localhost"}, {"OTHER", "x"}};
        in.container_root = [](const std::string& n) -> std::optional<std::string> {
            if (n == "missing")
                return std::nullopt;
            return "/roots/" + n + "/root";
        };
        run();
    }
    Lowered(const Lowered&) = delete;
    Lowered& operator=(const Lowered&) = delete;
    Lowered& run(const std::string& name = "c") {
        diags = {};
        plan = lower::lower_build(in, name, diags);
        return *this;
    }
    // code@line: a step's span is its value, so columns vary with the tag.
    std::vector<std::string> codes() const { return lines(testing::summary(d.sm, diags)); }
    std::string text() const { return diag::render_text(d.sm, diags); }
    const plan::BuildStep& step(size_t i) const { return plan.steps.at(i); }
    template <class T> const T& op(size_t step, size_t i) const {
        return std::get<T>(plan.steps.at(step).ops.at(i));
    }
};

} // namespace vagga::testing
