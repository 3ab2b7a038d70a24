-- vagga-lsp in a real editor: Debian's neovim, headless, with its built-in
-- LSP client, opens a corpus file and an edited copy of it and checks the
-- diagnostics, completion items, hover text and definition locations.
--
--   VAGGA_LSP=... CORPUS=... WORK=... nvim --headless -u NONE -i NONE \
--       -c 'luafile tests/lsp/neovim_test.lua'
--
-- Exits 0 when every check passed; otherwise prints the failures and exits 1.

local lsp_bin = os.getenv('VAGGA_LSP')
local corpus = vim.loop.fs_realpath(os.getenv('CORPUS'))
local work = vim.loop.fs_realpath(os.getenv('WORK'))
local failures = {}

local function check(ok, what)
  if not ok then
    table.insert(failures, what)
  end
end

local published = {}
local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  published[vim.uri_to_fname(result.uri)] = result.diagnostics
  return default_publish(err, result, ctx, config)
end

local function start(root)
  return vim.lsp.start_client({ name = 'vagga', cmd = { lsp_bin }, root_dir = root })
end

-- Opens `file`, attaches the server and waits for its diagnostics.
local function open(client, file)
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client)
  local got = vim.wait(10000, function() return published[file] ~= nil end, 20)
  check(got, 'no diagnostics published for ' .. file)
  return buf
end

local function request(client_id, buf, method, line, character)
  local client = vim.lsp.get_client_by_id(client_id)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = line, character = character },
  }
  local r = client.request_sync(method, params, 10000, buf)
  if not r or r.err then
    table.insert(failures, method .. ' failed: ' .. vim.inspect(r))
    return nil
  end
  return r.result
end

-- 1. A valid corpus file: no diagnostics, completion and hover work.
local project = corpus .. '/vagga-tests/completion'
local client = start(project)
check(client ~= nil, 'vagga-lsp did not start')
local file = project .. '/vagga.yaml'
local buf = open(client, file)
check(published[file] and #published[file] == 0,
  'diagnostics in a valid corpus file: ' .. vim.inspect(published[file]))

-- `    container: ubuntu` of the command `yes` (line 14, 0-based 13).
local line = vim.api.nvim_buf_get_lines(buf, 13, 14, false)[1]
check(line == '    container: ubuntu', 'unexpected line 14: ' .. tostring(line))
local items = request(client, buf, 'textDocument/completion', 13, 17) or {}
local labels = {}
for _, item in ipairs(items.items or items) do labels[item.label] = true end
check(labels['ubuntu'] and labels['data'], 'container names not offered: ' .. vim.inspect(labels))

local hover = request(client, buf, 'textDocument/hover', 3, 7) -- `!Ubuntu trusty`
local text = hover and hover.contents and hover.contents.value or ''
check(text:find('**!Ubuntu**', 1, true) ~= nil, 'hover on !Ubuntu: ' .. text)

local def = request(client, buf, 'textDocument/definition', 13, 17)
local loc = def and (def.range and def or def[1])
check(loc and loc.range.start.line == 1, 'definition of ubuntu: ' .. vim.inspect(def))

-- 2. An edited copy: the typo is reported where it is, with its code.
local copy = work .. '/vagga.yaml'
local lines = vim.fn.readfile(file)
lines[3] = '    setpu:' -- was `    setup:`
vim.fn.writefile(lines, copy)
local client2 = start(work)
open(client2, copy)
local diags = published[copy] or {}
check(#diags >= 1, 'no diagnostic for the typo')
local found = false
for _, d in ipairs(diags) do
  if d.code == 'unknown-key' and d.range.start.line == 2 and d.range.start.character == 4 then
    found = true
  end
end
check(found, 'unknown-key at 3:5 expected: ' .. vim.inspect(diags))

-- 3. An unsaved edit fixes it: the newest text is what is checked.
local buf2 = vim.api.nvim_get_current_buf()
published[copy] = nil
vim.api.nvim_buf_set_lines(buf2, 2, 3, false, { '    setup:' })
local got = vim.wait(10000, function()
  return published[copy] ~= nil and #published[copy] == 0
end, 20)
check(got, 'the fixed buffer still has diagnostics: ' .. vim.inspect(published[copy]))

if #failures == 0 then
  print('neovim: all checks passed')
  vim.cmd('qa!')
else
  for _, f in ipairs(failures) do io.stderr:write('FAIL: ' .. f .. '\n') end
  vim.cmd('cquit 1')
end
