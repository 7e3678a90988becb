-- Neovim as a second LSP client (Debian's 0.7.2: vim.lsp.start_client, not vim.lsp.start).
-- Opens a .cu file, attaches the bundled server over stdio, checks the codes it publishes,
-- edits the buffer, and checks that updated diagnostics arrive. Exit 0 = pass.
local file = assert(os.getenv('SMOKE_FILE'), 'SMOKE_FILE')
local server = assert(os.getenv('SMOKE_SERVER'), 'SMOKE_SERVER')
local function out(s) io.stdout:write(s .. '\n') end

local function codes(bufnr)
  local seen = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local c = d.user_data and d.user_data.lsp and d.user_data.lsp.code
    if c then seen[c] = (seen[c] or 0) + 1 end
  end
  return seen
end

-- A Lua error in headless nvim does not exit by itself: run under pcall and quit explicitly.
local function main()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)
  local published = 0
  local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
    if result.uri == uri then published = published + 1 end
    return default_handler(err, result, ctx, config)
  end
  local t0 = vim.loop.hrtime()
  local id = vim.lsp.start_client({ name = 'ascend-port', cmd = { 'node', server, '--stdio' }, root_dir = vim.fn.fnamemodify(file, ':h') })
  assert(id, 'start_client failed')
  vim.lsp.buf_attach_client(bufnr, id)
  assert(vim.wait(20000, function() return published > 0 end, 20), 'no diagnostics within 20 s')
  out(string.format('first diagnostics after %.0f ms', (vim.loop.hrtime() - t0) / 1e6))
  local first = codes(bufnr)
  for _, c in ipairs({ 'ASC251', 'ASC201', 'ASC301', 'ASC001' }) do
    assert(first[c], 'missing ' .. c .. ' in ' .. vim.inspect(first))
  end
  out('codes: ' .. vim.inspect(first, { newline = ' ', indent = '' }))

  -- Add one more barrier at the top of the file; a second ASC201 must appear.
  local before = published
  vim.api.nvim_buf_set_lines(bufnr, 0, 0, false, { '__global__ void extra() { __syncthreads(); }' })
  assert(vim.wait(20000, function() return published > before and (codes(bufnr)['ASC201'] or 0) > (first['ASC201'] or 0) end, 20),
    'no updated diagnostics after the edit')
  out('after edit: ASC201 x' .. codes(bufnr)['ASC201'])
  vim.lsp.stop_client(id)
  vim.wait(3000, function() return vim.lsp.get_client_by_id(id) == nil end, 20)
end

local ok, err = pcall(main)
if ok then
  out('1 passed, 0 failed')
  vim.cmd('qall!')
else
  io.stderr:write('nvim smoke failed: ' .. tostring(err) .. '\n')
  out('0 passed, 1 failed')
  vim.cmd('cquit 1')
end
