#include "compat/path_order.h"

#include <cstdint>

namespace vagga::compat {

namespace {

// Component kinds in the order Rust's derived `Ord` puts them.
enum class Kind : uint8_t { RootDir, CurDir, ParentDir, Normal };

struct Component {
    Kind kind;
    std::string_view text;
};

// Yields components as Rust's `Path::components` does: a leading `/` is
// RootDir, `.` is kept only as the first component of a relative path, and
// empty components (`//`, a trailing `/`) vanish.
class Components {
  public:
    explicit Components(std::string_view p) : p_(p) {
        if (!p_.empty() && p_[0] == '/') {
            root_ = true;
        }
    }
    bool next(Component& out) {
        if (root_ && !root_done_) {
            root_done_ = true;
            pos_ = 1;
            out = {Kind::RootDir, {}};
            return true;
        }
        while (pos_ < p_.size() || (pos_ == 0 && !started_ && !p_.empty())) {
            size_t end = p_.find('/', pos_);
            if (end == std::string_view::npos) {
                end = p_.size();
            }
            std::string_view part = p_.substr(pos_, end - pos_);
            bool first = !started_;
            started_ = true;
            pos_ = end + 1;
            if (part.empty()) {
                continue;
            }
            if (part == ".") {
                if (first && !root_) {
                    out = {Kind::CurDir, part};
                    return true;
                }
                continue;
            }
            if (part == "..") {
                out = {Kind::ParentDir, part};
                return true;
            }
            out = {Kind::Normal, part};
            return true;
        }
        return false;
    }

  private:
    std::string_view p_;
    size_t pos_ = 0;
    bool root_ = false;
    bool root_done_ = false;
    bool started_ = false;
};

int compare_component(const Component& a, const Component& b) {
    if (a.kind != b.kind) {
        return a.kind < b.kind ? -1 : 1;
    }
    int c = a.text.compare(b.text);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

} // namespace

int compare_paths(std::string_view a, std::string_view b) {
    Components ia(a);
    Components ib(b);
    while (true) {
        Component ca{};
        Component cb{};
        bool ha = ia.next(ca);
        bool hb = ib.next(cb);
        if (!ha || !hb) {
            return ha == hb ? 0 : (ha ? 1 : -1);
        }
        int c = compare_component(ca, cb);
        if (c != 0) {
            return c;
        }
    }
}

std::string join_path(std::string_view base, std::string_view rel) {
    if (!rel.empty() && rel[0] == '/') {
        return std::string(rel);
    }
    std::string out(base);
    if (!out.empty() && out.back() != '/') {
        out.push_back('/');
    }
    out.append(rel);
    return out;
}

bool path_starts_with(std::string_view path, std::string_view prefix) {
    Components ip(path);
    Components ix(prefix);
    while (true) {
        Component cx{};
        if (!ix.next(cx)) {
            return true;
        }
        Component cp{};
        if (!ip.next(cp) || compare_component(cp, cx) != 0) {
            return false;
        }
    }
}

std::string strip_path_prefix(std::string_view path, std::string_view prefix) {
    Components ip(path);
    Components ix(prefix);
    Component c{};
    while (ix.next(c)) {
        Component skip{};
        ip.next(skip);
    }
    std::string out;
    while (ip.next(c)) {
        if (!out.empty()) {
            out.push_back('/');
        }
        out.append(c.kind == Kind::RootDir ? std::string_view("/") : c.text);
    }
    return out;
}

} // namespace vagga::compat
