-- Neovim 0.7 (Debian's) as an LSP client of `annalist lsp --stdio`, headless:
--   nvim --headless --clean -c 'luafile test/editors/neovim/annalist.lua'
-- with ANNALIST_CONFIG (the README's configuration, which starts the server), ANNALIST_WS (the
-- workspace), ANNALIST_FILE (a source in it) and ANNALIST_OUT (where to write what it saw, as JSON).
-- neovim.editor.ts checks the facts. Waits use vim.wait on a condition, never a bare sleep.
local config, ws, file, out = os.getenv('ANNALIST_CONFIG'), os.getenv('ANNALIST_WS'), os.getenv('ANNALIST_FILE'), os.getenv('ANNALIST_OUT')
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

  -- The server is still there after all of this (it once stopped on a request Neovim 0.7 does not know).
  facts.alive = not vim.lsp.client_is_stopped(client.id)
  vim.lsp.stop_client(client.id)
end)
finish(not ok and err or nil)
