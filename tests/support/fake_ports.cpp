#include "tests/support/fake_ports.h"

#include <algorithm>
#include <cerrno>
#include <deque>

namespace vagga::test {

namespace {

runtime::Status fail(int err, const char* op, const Path& p) {
    return runtime::make_error(err, op, p.string());
}

bool under(const Path& p, const Path& root) {
    auto r = root.begin();
    auto i = p.begin();
    for (; r != root.end(); ++r, ++i)
        if (i == p.end() || *i != *r)
            return false;
    return true;
}

class FakeLock final : public app::Lock {
  public:
    FakeLock(std::vector<std::string>& log, Path p) : log_(log), p_(std::move(p)) {}
    ~FakeLock() override { log_.push_back("unlock " + p_.string()); }

  private:
    std::vector<std::string>& log_;
    Path p_;
};

} // namespace

std::optional<Path> FakeFiles::resolve(const Path& p, bool follow) const {
    std::deque<Path> parts;
    for (const auto& part : p.lexically_normal().relative_path())
        if (!part.empty())
            parts.push_back(part);
    Path cur = "/";
    int hops = 0;
    while (!parts.empty()) {
        Path part = parts.front();
        parts.pop_front();
        if (part == ".")
            continue;
        if (part == "..") {
            cur = cur.parent_path();
            continue;
        }
        Path next = cur / part;
        auto it = nodes_.find(next);
        if (it == nodes_.end()) {
            if (!parts.empty())
                return std::nullopt;
            return next;
        }
        if (it->second.kind == Kind::Symlink && (follow || !parts.empty())) {
            if (++hops > 40)
                return std::nullopt;
            const Path& t = it->second.target;
            std::vector<Path> more;
            for (const auto& x : t.relative_path())
                more.push_back(x);
            parts.insert(parts.begin(), more.begin(), more.end());
            if (t.is_absolute())
                cur = "/";
            continue;
        }
        cur = next;
    }
    return cur;
}

const FakeFiles::Node* FakeFiles::find(const Path& p, bool follow) const {
    auto r = resolve(p, follow);
    if (!r)
        return nullptr;
    auto it = nodes_.find(*r);
    return it == nodes_.end() ? nullptr : &it->second;
}

void FakeFiles::dir(const Path& p) {
    (void)make_dirs(p);
}

void FakeFiles::file(const Path& p, WallTime mtime) {
    (void)make_dirs(p.parent_path());
    nodes_[p] = {Kind::File, {}, mtime};
}

void FakeFiles::link(const Path& p, const Path& target) {
    (void)make_dirs(p.parent_path());
    nodes_[p] = {Kind::Symlink, target, {}};
}

std::vector<std::string> FakeFiles::tree() const {
    std::vector<std::string> out;
    for (const auto& [p, n] : nodes_) {
        if (p == "/")
            continue;
        std::string line = p.string();
        if (n.kind == Kind::Dir)
            line += "/";
        if (n.kind == Kind::Symlink)
            line += " -> " + n.target.string();
        out.push_back(line);
    }
    std::sort(out.begin(), out.end());
    return out;
}

app::Files::Kind FakeFiles::kind(const Path& p) const {
    const Node* n = find(p, false);
    return n ? n->kind : Kind::Missing;
}

bool FakeFiles::exists(const Path& p) const {
    return find(p, true) != nullptr;
}

bool FakeFiles::is_dir(const Path& p) const {
    const Node* n = find(p, true);
    return n && n->kind == Kind::Dir;
}

std::optional<Path> FakeFiles::read_link(const Path& p) const {
    const Node* n = find(p, false);
    if (!n || n->kind != Kind::Symlink)
        return std::nullopt;
    return n->target;
}

std::optional<Path> FakeFiles::canonical(const Path& p) const {
    auto r = resolve(p, true);
    if (!r || !nodes_.count(*r))
        return std::nullopt;
    return r;
}

std::vector<Path> FakeFiles::list(const Path& dir) const {
    std::vector<Path> out;
    auto r = resolve(dir, true);
    if (!r || !is_dir(*r))
        return out;
    for (const auto& [p, n] : nodes_)
        if (p != "/" && p.parent_path() == *r)
            out.push_back(dir / p.filename());
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<WallTime> FakeFiles::mtime(const Path& p) const {
    const Node* n = find(p, true);
    if (!n)
        return std::nullopt;
    return n->mtime;
}

runtime::Status FakeFiles::make_dirs(const Path& p) {
    Path prefix = "/";
    for (const auto& part : p.lexically_normal().relative_path()) {
        if (part.empty())
            continue;
        prefix /= part;
        auto r = resolve(prefix, true);
        if (!r)
            return fail(ENOENT, "mkdir", p);
        auto it = nodes_.find(*r);
        if (it == nodes_.end()) {
            nodes_[*r] = {Kind::Dir, {}, clock_.now()};
            log_.push_back("mkdir " + r->string());
        } else if (it->second.kind != Kind::Dir) {
            return fail(ENOTDIR, "mkdir", p);
        }
    }
    return std::nullopt;
}

runtime::Status FakeFiles::symlink(const Path& target, const Path& link_path) {
    auto r = resolve(link_path, false);
    if (!r || !is_dir(r->parent_path()))
        return fail(ENOENT, "symlink", link_path);
    if (nodes_.count(*r))
        return fail(EEXIST, "symlink", link_path);
    nodes_[*r] = {Kind::Symlink, target, clock_.now()};
    log_.push_back("symlink " + r->string() + " -> " + target.string());
    return std::nullopt;
}

void FakeFiles::erase_tree(const Path& p) {
    for (auto it = nodes_.begin(); it != nodes_.end();)
        it = under(it->first, p) ? nodes_.erase(it) : std::next(it);
}

runtime::Status FakeFiles::rename(const Path& from, const Path& to) {
    auto f = resolve(from, false);
    auto t = resolve(to, false);
    if (!f || !t || !nodes_.count(*f) || !is_dir(t->parent_path()))
        return fail(ENOENT, "rename", from);
    if (nodes_.count(*t)) {
        if (nodes_[*t].kind == Kind::Dir && !list(*t).empty())
            return fail(ENOTEMPTY, "rename", from);
        erase_tree(*t);
    }
    std::map<Path, Node> moved;
    for (const auto& [p, n] : nodes_)
        if (under(p, *f))
            moved[p == *f ? *t : *t / p.lexically_relative(*f)] = n;
    erase_tree(*f);
    for (auto& [p, n] : moved)
        nodes_[p] = n;
    log_.push_back("rename " + f->string() + " " + t->string());
    return std::nullopt;
}

runtime::Status FakeFiles::remove_tree(const Path& p) {
    if (fail_remove_.erase(p))
        return fail(EACCES, "remove", p);
    auto r = resolve(p, false);
    if (!r || !nodes_.count(*r))
        return std::nullopt;
    erase_tree(*r);
    log_.push_back("rm -r " + r->string());
    return std::nullopt;
}

runtime::Status FakeFiles::remove_file(const Path& p) {
    auto r = resolve(p, false);
    if (!r || !nodes_.count(*r))
        return std::nullopt;
    if (nodes_[*r].kind == Kind::Dir)
        return fail(EISDIR, "unlink", p);
    nodes_.erase(*r);
    log_.push_back("rm " + r->string());
    return std::nullopt;
}

runtime::Status FakeFiles::touch(const Path& p) {
    auto r = resolve(p, true);
    if (!r || !is_dir(r->parent_path()))
        return fail(ENOENT, "open", p);
    auto& n = nodes_[*r];
    if (n.kind == Kind::Missing)
        n.kind = Kind::File;
    n.mtime = clock_.now();
    log_.push_back("touch " + r->string());
    return std::nullopt;
}

runtime::Result<std::unique_ptr<app::Lock>> FakeFiles::lock(const Path& p, bool wait) {
    if (held_.count(p)) {
        if (!wait)
            return {nullptr, fail(EWOULDBLOCK, "flock", p)};
        log_.push_back("wait " + p.string());
        if (on_wait)
            on_wait();
        held_.erase(p);
    }
    if (auto e = touch(p))
        return {nullptr, e};
    log_.back() = "lock " + p.string();
    return {std::make_unique<FakeLock>(log_, p), std::nullopt};
}

runtime::Result<app::Processes::Finished>
FakeProcesses::run_with_input(const std::vector<std::string>& argv, const std::string& input) {
    runs.push_back({argv, input});
    if (on_run)
        return {on_run(runs.back()), std::nullopt};
    return {Finished{}, std::nullopt};
}

void RecordingConsole::diagnostics(const diag::Diagnostics& d) {
    for (const auto& x : d.list())
        diagnostics_seen.push_back(std::string(diag::code_name(x.code)) + ": " + x.message);
}

} // namespace vagga::test
