// Distribution steps: bootstraps, repositories and packages (see
// build_steps.h). The mirrors come from the host (Debian) or the settings.
#include "compiler/lower/build_steps.h"

#include "compiler/hash/apt_list.h"
#include "compiler/ir/values.h"

#include <fmt/format.h>

namespace vagga::lower::build_detail {

namespace {

namespace st = ir::step;

using ir::texts;

class DistroLowerer {
  public:
    DistroLowerer(Lowering& l, source::Span span) : l_(l), span_(span) {}

    Ops operator()(const st::Alpine& x) {
        set_distro(l_, plan::Distro::Alpine, x.value.text, span_);
        plan::BuildBootstrap b;
        b.distro = plan::Distro::Alpine;
        b.release = x.value.text;
        b.mirror = alpine_mirror();
        b.span = span_;
        return with_env(b);
    }
    Ops operator()(const st::Ubuntu& x) { return ubuntu(x.value.text, "", "amd64", false, true); }
    Ops operator()(const st::UbuntuRelease& x) {
        std::string codename = ubuntu_codename(x);
        return ubuntu(codename, x.url ? x.url->text : "", x.arch.text, x.keep_chfn_command,
                      x.eatmydata);
    }
    Ops operator()(const st::Debian& x) {
        if (l_.in.debian_mirror.empty()) {
            error("the host's Debian mirror is unknown (no usable `deb` line in the host's apt "
                  "sources), so `!Debian` cannot bootstrap");
        }
        set_distro(l_, plan::Distro::Debian, x.value.text, span_);
        plan::BuildBootstrap b;
        b.distro = plan::Distro::Debian;
        b.release = x.value.text;
        b.mirror = l_.in.debian_mirror;
        b.span = span_;
        return with_env(b);
    }
    Ops operator()(const st::AlpineRepo& x) {
        std::string mirror = x.url ? x.url->text : alpine_mirror();
        if (!mirror.empty() && mirror.back() != '/') {
            mirror += '/';
        }
        std::string branch = x.branch ? x.branch->text : l_.distro.release;
        std::string tag = x.tag ? "@" + x.tag->text + " " : "";
        need(plan::Distro::Alpine, "`!AlpineRepo`");
        return {repo(plan::Distro::Alpine, tag + mirror + branch + "/" + x.repo.text, "")};
    }
    Ops operator()(const st::UbuntuRepo& x) {
        need(plan::Distro::Ubuntu, "`!UbuntuRepo`");
        std::string url = x.url ? x.url->text : ubuntu_mirror();
        std::string suite = x.suite ? x.suite->text : codename("`!UbuntuRepo`");
        std::string line =
            "deb " + std::string(x.trusted ? "[trusted=yes] " : "") + url + " " + suite;
        for (const auto& c : x.components) {
            line += " " + c.text;
        }
        std::optional<std::string> written_url;
        if (x.url) {
            written_url = x.url->text;
        }
        return {repo(plan::Distro::Ubuntu, line,
                     hash::apt_list_name(written_url, suite, texts(x.components)))};
    }
    Ops operator()(const st::UbuntuPPA& x) {
        // An !UbuntuRepo of Launchpad's PPA archive, as the original.
        need(plan::Distro::Ubuntu, "`!UbuntuPPA`");
        std::string url = "http://ppa.launchpad.net/" + x.value.text + "/ubuntu";
        std::string suite = codename("`!UbuntuPPA`");
        return {repo(plan::Distro::Ubuntu, "deb " + url + " " + suite + " main",
                     hash::apt_list_name(url, suite, {"main"}))};
    }
    Ops operator()(const st::UbuntuUniverse&) {
        need(plan::Distro::Ubuntu, "`!UbuntuUniverse`");
        l_.lang.ubuntu_universe = true;
        std::string suite = codename("`!UbuntuUniverse`");
        std::string url = ubuntu_mirror();
        Ops ops;
        for (const char* s : {"", "-updates", "-security"}) {
            ops.push_back(repo(plan::Distro::Ubuntu, "deb " + url + " " + suite + s + " universe",
                               "universe.list"));
        }
        return ops;
    }
    Ops operator()(const st::AptTrust& x) {
        plan::BuildAptTrust t;
        // The original's default since 0.8.1 (config.md §7).
        t.server = x.server ? x.server->text : "hkps://keyserver.ubuntu.com:443";
        t.keys = texts(x.keys);
        t.span = span_;
        return {t};
    }
    Ops operator()(const st::Repo& x);
    Ops operator()(const st::Install& x) { return packages(x.value, false, "`!Install`"); }
    Ops operator()(const st::BuildDeps& x) { return packages(x.value, true, "`!BuildDeps`"); }

  private:
    void error(std::string message) {
        l_.diags.error(diag::Code::UnsupportedStep, span_, std::move(message));
    }
    // The bootstrap op, then the environment the distribution sets.
    Ops with_env(const plan::BuildBootstrap& b) {
        return {b, plan::BuildEnv{distro_env(b.distro), span_}};
    }
    Ops ubuntu(const std::string& codename, const std::string& url, const std::string& arch,
               bool keep_chfn, bool eatmydata) {
        // The original's core image, and its fallback for releases Canonical
        // no longer supports (runtime.md §5.6).
        const std::string image = "https://partner-images.canonical.com/core/";
        const std::string file =
            "/current/ubuntu-" + codename + "-core-cloudimg-" + arch + "-root.tar.gz";
        set_distro(l_, plan::Distro::Ubuntu, codename, span_);
        plan::BuildBootstrap b;
        b.distro = plan::Distro::Ubuntu;
        b.release = codename;
        b.mirror = ubuntu_mirror();
        b.image_url = url.empty() ? image + codename + file : url;
        b.image_fallback_url = url.empty() ? image + "unsupported/" + codename + file : "";
        b.arch = arch;
        b.keep_chfn = keep_chfn;
        b.eatmydata = eatmydata;
        b.span = span_;
        return with_env(b);
    }
    std::string ubuntu_mirror() const { return build_detail::ubuntu_mirror(l_); }
    // A settings value of "" (set so in a settings file) means the default.
    std::string alpine_mirror() const {
        return l_.in.settings && !l_.in.settings->alpine_mirror.empty()
                   ? l_.in.settings->alpine_mirror
                   : project::kDefaultAlpineMirror;
    }
    std::string codename(const std::string& what) {
        if (l_.distro.release.empty()) {
            error(what + " needs the release codename, which is only known after the build "
                         "here: set `suite:`");
        }
        return l_.distro.release;
    }
    void need(plan::Distro d, const std::string& what) {
        if (l_.distro.distro != d) {
            error(fmt::format("{} needs {} set up by an earlier step", what, plan::to_string(d)));
        }
    }
    plan::BuildRepo repo(plan::Distro d, std::string line, std::string file) {
        return plan::BuildRepo{d, std::move(line), std::move(file), span_};
    }
    Ops packages(const std::vector<ir::Str>& v, bool build_deps, const char* what) {
        if (!l_.distro.distro) {
            error(fmt::format("no distribution step before {}: add `!Debian`, `!UbuntuRelease` "
                              "or `!Alpine` first",
                              what));
            return {};
        }
        return {plan::BuildPackages{*l_.distro.distro, texts(v), build_deps, span_}};
    }

    Lowering& l_;
    source::Span span_;
};

Ops DistroLowerer::operator()(const st::Repo& x) {
    const std::string& v = x.value.text;
    size_t slash = v.find('/');
    if (slash != std::string::npos && v.find('/', slash + 1) != std::string::npos) {
        error("Cannot parse repository string \"" + v + "\": more than one `/`");
        return {};
    }
    std::string first = slash == std::string::npos ? "" : v.substr(0, slash);
    std::string second = slash == std::string::npos ? v : v.substr(slash + 1);
    if (!l_.distro.distro) {
        error("no distribution step before `!Repo`");
        return {};
    }
    switch (*l_.distro.distro) {
    case plan::Distro::Alpine: {
        std::string mirror = alpine_mirror();
        if (!mirror.empty() && mirror.back() != '/') {
            mirror += '/';
        }
        return {repo(plan::Distro::Alpine,
                     mirror + (first.empty() ? l_.distro.release : first) + "/" + second, "")};
    }
    case plan::Distro::Ubuntu:
    case plan::Distro::Debian: {
        bool ubuntu = *l_.distro.distro == plan::Distro::Ubuntu;
        std::string url = ubuntu ? ubuntu_mirror() : l_.in.debian_mirror;
        std::string suite = first.empty() ? codename("`!Repo`") : first;
        // As the original names an Ubuntu `!Repo`'s file: no url.
        return {repo(*l_.distro.distro, "deb " + url + " " + suite + " " + second,
                     hash::apt_list_name(std::nullopt, suite, {second}))};
    }
    }
    return {};
}

} // namespace

std::string ubuntu_mirror(const Lowering& l) {
    return l.in.settings && !l.in.settings->ubuntu_mirror.empty() ? l.in.settings->ubuntu_mirror
                                                                  : project::kDefaultUbuntuMirror;
}

std::string ubuntu_codename(const ir::step::UbuntuRelease& x) {
    if (x.codename) {
        return x.codename->text;
    }
    if (!x.version) {
        return "";
    }
    // The original's deprecated `version:` values; `12.04.5` is `12.04`.
    static const std::pair<const char*, const char*> known[] = {
        {"12.04", "precise"}, {"14.04", "trusty"}, {"14.10", "utopic"},
        {"15.04", "vivid"},   {"15.10", "wily"},   {"16.04", "xenial"}};
    const std::string& v = x.version->text;
    for (const auto& [number, name] : known) {
        if (v == number || (v.starts_with(number) && v[5] == '.')) {
            return name;
        }
    }
    return "";
}

Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::Alpine& x) {
    return DistroLowerer(l, span)(x);
}
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::Ubuntu& x) {
    return DistroLowerer(l, span)(x);
}
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::UbuntuRelease& x) {
    return DistroLowerer(l, span)(x);
}
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::Debian& x) {
    return DistroLowerer(l, span)(x);
}
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::AlpineRepo& x) {
    return DistroLowerer(l, span)(x);
}
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::UbuntuRepo& x) {
    return DistroLowerer(l, span)(x);
}
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::UbuntuPPA& x) {
    return DistroLowerer(l, span)(x);
}
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::UbuntuUniverse& x) {
    return DistroLowerer(l, span)(x);
}
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::AptTrust& x) {
    return DistroLowerer(l, span)(x);
}
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::Repo& x) {
    return DistroLowerer(l, span)(x);
}
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::Install& x) {
    return DistroLowerer(l, span)(x);
}
Ops lower_distro_step(Lowering& l, source::Span span, const ir::step::BuildDeps& x) {
    return DistroLowerer(l, span)(x);
}

} // namespace vagga::lower::build_detail
