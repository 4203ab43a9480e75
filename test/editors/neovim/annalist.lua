-- Neovim 0.7 (Debian's) as an LSP client of `annalist lsp --stdio`, headless:
--   nvim --headless --clean -c 'luafile test/editors/neovim/annalist.lua'
-- with ANNALIST_CONFIG (the README's configuration, which starts the server), ANNALIST_WS (the
-- workspace), ANNALIST_FILE (a source in it), ANNALIST_GARBLED_FILE (a source with garbled names)
-- and ANNALIST_OUT (where to write what it saw, as JSON).
-- neovim.editor.ts checks the facts. Waits use vim.wait on a condition, never a bare sleep.
local config, ws, file, out = os.getenv('ANNALIST_CONFIG'), os.getenv('ANNALIST_WS'), os.getenv('ANNALIST_FILE'), os.getenv('ANNALIST_OUT')
local garbled_file = os.getenv('ANNALIST_GARBLED_FILE')
local facts = { nvim = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) }
local TIMEOUT = 60000

local function finish(err)
  if err then facts.error = tostring(err) end
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(facts))
  f:close()
  vim.cmd(err and 'cquit 1' or 'qall!')
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

--- The 0-based position one character into the first occurrence of a word in the buffer (UTF-16).
local function position_of(buf, word)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local at = line:find(word, 1, true)
    if at then return { line = i - 1, character = vim.str_utfindex(line, at) } end
  end
  error(word .. ' not found')
end

local function request(buf, method, params)
  local responses, err = vim.lsp.buf_request_sync(buf, method, params, TIMEOUT)
  if not responses then error(method .. ': ' .. tostring(err)) end
  for _, r in pairs(responses) do
    if r.err then error(method .. ': ' .. vim.inspect(r.err)) end
    return r.result
  end
  error(method .. ': no answer')
end

local function buffer_text(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. (vim.bo[buf].eol and '\n' or '')
end

--- The titles of code actions, and the preferred one.
local function summarize(actions)
  local titles, preferred = {}, nil
  for _, a in ipairs(actions or {}) do
    table.insert(titles, a.title)
    if a.isPreferred and not preferred then preferred = a end
  end
  return titles, preferred
end

-- The diagnostics as the server published them (vim.diagnostic keeps byte columns, not the LSP ranges).
local published = {}
local publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, cfg)
  if result then published[result.uri] = result.diagnostics end
  return publish(err, result, ctx, cfg)
end

--- The published garbled-name warning over a position, once there is one.
local function garbled_at(uri, pos)
  local found
  assert(vim.wait(TIMEOUT, function()
    for _, d in ipairs(published[uri] or {}) do
      local r = d.range
      if d.code == 'garbled-name' and r.start.line == pos.line and r.start.character <= pos.character and pos.character < r['end'].character then
        found = d
        return true
      end
    end
    return false
  end, 20), 'no garbled-name warning at ' .. vim.inspect(pos))
  return found
end

local ok, err = pcall(function()
  dofile(config)
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  facts.filetype = vim.bo[buf].filetype
  local client
  assert(vim.wait(TIMEOUT, function()
    client = select(2, next(vim.lsp.buf_get_clients(buf)))
    return client ~= nil and client.initialized
  end, 20), 'the configuration attached no initialized client')
  facts.server = client.name
  facts.root_dir = client.config.root_dir

  -- A surname two entities share, typed at the top: once the server has read the workspace it
  -- answers the change with an ambiguous-name hint there.
  vim.api.nvim_buf_set_text(buf, 0, 0, 0, 0, { 'Kamenev. ' })
  local hint
  assert(vim.wait(TIMEOUT, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if code_of(d) == 'ambiguous-name' and d.lnum == 0 and d.col == 0 then hint = d return true end
    end
    return false
  end, 20), 'no ambiguous-name hint on the edited line')
  facts.hint = { code = code_of(hint), severity = hint.severity, lnum = hint.lnum, col = hint.col, end_col = hint.end_col, message = hint.message, source = hint.source }

  -- The knowledge base's errors arrive for entity files that are not open.
  local broken = vim.uri_to_bufnr(vim.uri_from_fname(ws .. '/entities/broken.md'))
  assert(vim.wait(TIMEOUT, function() return #vim.diagnostic.get(broken) > 0 end, 20), 'no diagnostics for broken.md')
  facts.entity_diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(broken)) do
    table.insert(facts.entity_diagnostics, { code = code_of(d), severity = d.severity, lnum = d.lnum })
  end

  local at = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = position_of(buf, 'Stalin') }
  local hover = request(buf, 'textDocument/hover', at)
  facts.hover = hover and hover.contents and (hover.contents.value or hover.contents) or vim.NIL
  local defs = request(buf, 'textDocument/definition', at)
  facts.definition = {}
  for _, loc in ipairs(defs or {}) do
    table.insert(facts.definition, { file = vim.uri_to_fname(loc.uri or loc.targetUri), line = (loc.range or loc.targetSelectionRange).start.line })
  end
  local symbols = request(buf, 'textDocument/documentSymbol', { textDocument = { uri = vim.uri_from_bufnr(buf) } })
  facts.symbols = {}
  for _, s in ipairs(symbols or {}) do table.insert(facts.symbols, s.name) end

  -- gd, as the configuration maps it: the entity file becomes the current buffer.
  vim.api.nvim_win_set_cursor(0, { at.position.line + 1, vim.str_byteindex(vim.api.nvim_buf_get_lines(buf, at.position.line, at.position.line + 1, false)[1], at.position.character) })
  vim.cmd('normal gd')
  assert(vim.wait(TIMEOUT, function() return vim.api.nvim_get_current_buf() ~= buf end, 20), 'gd did not jump')
  facts.jumped_to = { file = vim.api.nvim_buf_get_name(0), line = vim.api.nvim_win_get_cursor(0)[1] - 1 }

  -- A garbled name: the quick fixes for it, with its warning in the context as published, and
  -- the preferred one applied to the buffer (not saved).
  vim.cmd('edit ' .. vim.fn.fnameescape(garbled_file))
  local gbuf = vim.api.nvim_get_current_buf()
  assert(vim.wait(TIMEOUT, function() return vim.lsp.buf_get_clients(gbuf)[client.id] ~= nil end, 20), 'the client did not attach to the second text')
  local guri = vim.uri_from_bufnr(gbuf)
  local word = 'Paokel'
  local warning = garbled_at(guri, position_of(gbuf, word))
  local actions = request(gbuf, 'textDocument/codeAction', { textDocument = { uri = guri }, range = warning.range, context = { diagnostics = { warning } } })
  local titles, preferred = summarize(actions)
  assert(preferred, 'no preferred action among ' .. vim.inspect(titles))
  facts.quick_fix = { word = word, warning = { range = warning.range, message = warning.message, source = warning.source }, titles = titles, preferred = preferred.title, preferred_diagnostic_codes = {} }
  for _, d in ipairs(preferred.diagnostics or {}) do table.insert(facts.quick_fix.preferred_diagnostic_codes, d.code) end

  -- What Neovim 0.7's own vim.lsp.buf.code_action() sends: the cursor's range and the line's
  -- diagnostics converted back from vim.diagnostic. Asked for this word and for one at a line start.
  facts.native_code_action = {}
  for _, w in ipairs({ word, 'Bokor' }) do
    local pos = position_of(gbuf, w)
    garbled_at(guri, pos)
    local line = vim.api.nvim_buf_get_lines(gbuf, pos.line, pos.line + 1, false)[1]
    vim.api.nvim_win_set_cursor(0, { pos.line + 1, vim.str_byteindex(line, pos.character) })
    local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
    params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(gbuf) }
    local native_titles = summarize(request(gbuf, 'textDocument/codeAction', params))
    local sent = {}
    for _, d in ipairs(params.context.diagnostics) do
      if d.code == 'garbled-name' then table.insert(sent, d.range) end
    end
    table.insert(facts.native_code_action, { word = w, character = pos.character, titles = native_titles, context_ranges = sent })
  end

  facts.quick_fix.before = buffer_text(gbuf)
  vim.lsp.util.apply_workspace_edit(preferred.edit, 'utf-16')
  facts.quick_fix.after = buffer_text(gbuf)
  facts.quick_fix.modified = vim.bo[gbuf].modified

  -- The server is still there after all of this (it once stopped on a request Neovim 0.7 does not know).
  facts.alive = not vim.lsp.client_is_stopped(client.id)
  vim.lsp.stop_client(client.id)
end)
finish(not ok and err or nil)
