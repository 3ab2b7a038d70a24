// Feature -> distribution packages (language-steps.md §1.4 for Alpine and
// Ubuntu, as the original; §10 for Debian, this project's mapping, checked
// against bookworm's package lists).
#include "compiler/lower/build_steps.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

namespace vagga::lower::build_detail {

namespace {

using Names = std::optional<FeatureNames>;

bool one_of(const std::string& s, std::initializer_list<const char*> names) {
    return std::any_of(names.begin(), names.end(), [&](const char* n) { return s == n; });
}

// Alpine versions compare per numeric component, a leading `v` ignored.
bool alpine_before(const std::string& version, int major, int minor) {
    const char* p = version.c_str();
    if (*p == 'v') {
        ++p;
    }
    char* end = nullptr;
    long a = std::strtol(p, &end, 10);
    long b = *end == '.' ? std::strtol(end + 1, nullptr, 10) : 0;
    return a < major || (a == major && b < minor);
}

struct Row {
    Feature feature;
    std::vector<std::string> build_only;
    std::vector<std::string> system;
};

// The same on every distribution.
const std::vector<Row> kCommon = {
    {Feature::Https, {"ca-certificates"}, {}},  {Feature::Git, {"git"}, {}},
    {Feature::Mercurial, {"mercurial"}, {}},    {Feature::Python3, {}, {"python3"}},
    {Feature::Python3Dev, {"python3-dev"}, {}}, {Feature::RubyDev, {"ruby-dev"}, {}},
};

// The row of `f` in `rows`, else in kCommon; nullopt when neither has it
// (bootstrapped generically).
Names lookup(const std::vector<Row>& rows, Feature f) {
    for (const auto* table : {&rows, &kCommon}) {
        for (const auto& r : *table) {
            if (r.feature == f) {
                return FeatureNames{r.build_only, r.system};
            }
        }
    }
    return std::nullopt;
}

Names alpine(const std::string& v, Feature f, std::string& error) {
    if (f == Feature::Npm && alpine_before(v, 3, 9)) {
        error = fmt::format("Vagga does not support npm on Alpine {} (use >= v3.9)", v);
        return std::nullopt;
    }
    const std::string p = alpine_before(v, 3, 4) ? "php" : "php5";
    const std::vector<Row> rows = {
        {Feature::BuildEssential, {"build-base", "ca-certificates"}, {}},
        {Feature::Python2, {}, {"python"}},
        {Feature::Python2Dev, {"python-dev"}, {}},
        {Feature::NodeJs, {}, {"nodejs"}},
        {Feature::NodeJsDev, {"nodejs-dev"}, {}},
        {Feature::Npm, {}, {"nodejs", "npm"}},
        {Feature::Php,
         {},
         {p, p + "-cli", p + "-openssl", p + "-phar", p + "-json", p + "-pdo", p + "-dom",
          p + "-zip"}},
        {Feature::PhpDev, {p}, {}}, // sic: the original's name
        {Feature::Ruby, {}, {"ruby", "ruby-io-console"}},
    };
    return lookup(rows, f);
}

Names ubuntu(const std::string& c, Feature f) {
    const bool php5 = one_of(c, {"", "precise", "trusty", "vivid", "wily"});
    std::vector<std::string> node = {"nodejs", "npm"};
    if (one_of(c, {"", "precise"})) {
        node = {"nodejs"};
    } else if (one_of(c, {"trusty", "xenial"})) {
        node = {"nodejs", "nodejs-legacy"};
    }
    const std::vector<Row> rows = {
        {Feature::BuildEssential, {"build-essential", "ca-certificates"}, {}},
        {Feature::Python2, {}, {"python"}},
        {Feature::Python2Dev, {"python-dev"}, {}},
        {Feature::NodeJs, {}, node},
        {Feature::NodeJsDev, {"nodejs-dev"}, {}},
        {Feature::Npm, {"npm"}, {}},
        {Feature::Php,
         {},
         php5 ? std::vector<std::string>{"php5-common", "php5-cli"}
              : std::vector<std::string>{"php-common", "php-cli", "php-json", "php-zip"}},
        {Feature::PhpDev, {php5 ? "php5-dev" : "php-dev"}, {}},
        {Feature::Ruby,
         {},
         c == "precise" ? std::vector<std::string>{"ruby", "rubygems"}
                        : std::vector<std::string>{"ruby"}},
    };
    return lookup(rows, f);
}

// Debian's own packages: pip, yarn, composer and bundler come from the
// archive, so a build needs no host but the mirror and the registries.
Names debian(const Lowering& l, const std::string& s, Feature f, std::string& error) {
    const bool python2 = f == Feature::Python2 || f == Feature::Python2Dev || f == Feature::PipPy2;
    const bool old = one_of(s, {"stretch", "buster"});
    if (python2 && !(old || (s == "bullseye" && f != Feature::PipPy2))) {
        error = fmt::format("Debian {} has no {}: use Python 3 (`!Py3Install`)", s,
                            s == "bullseye" ? "pip for Python 2" : "Python 2");
        return std::nullopt;
    }
    if (f == Feature::Yarn && l.lang.npm.yarn_version) {
        return std::nullopt; // that release is downloaded, as the original does
    }
    const std::vector<std::string> composer = {"composer"};
    const std::vector<Row> rows = {
        {Feature::BuildEssential, {"build-essential", "ca-certificates"}, {}},
        {Feature::Python2, {}, {"python2"}},
        {Feature::Python2Dev, {"python2-dev"}, {}},
        {Feature::PipPy2, {"python-pip"}, {}},
        {Feature::PipPy3, {"python3-pip"}, {}},
        {Feature::NodeJs, {}, {"nodejs", "npm"}},
        {Feature::NodeJsDev, {old ? "nodejs-dev" : "libnode-dev"}, {}},
        {Feature::Npm, {"npm"}, {}},
        {Feature::Yarn, {}, {"yarnpkg"}},
        {Feature::Php, {}, {"php-cli", "php-common", "php-json", "php-zip"}},
        {Feature::PhpDev, {"php-dev"}, {}},
        {Feature::Composer, l.lang.composer.keep_composer ? std::vector<std::string>{} : composer,
         l.lang.composer.keep_composer ? composer : std::vector<std::string>{}},
        {Feature::Ruby, {}, {"ruby"}},
        {Feature::Bundler, {}, {"bundler"}},
    };
    return lookup(rows, f);
}

} // namespace

std::optional<FeatureNames> feature_names(const Lowering& l, Feature f, std::string& error) {
    const std::string& release = l.distro.release;
    switch (*l.distro.distro) {
    case plan::Distro::Alpine:
        return alpine(release, f, error);
    case plan::Distro::Ubuntu:
        return ubuntu(release, f);
    case plan::Distro::Debian:
        return debian(l, release, f, error);
    }
    return std::nullopt;
}

} // namespace vagga::lower::build_detail
