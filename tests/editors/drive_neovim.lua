-- Drives a headless Neovim through botoport-lsp with the set-up file under test, then writes
-- what it saw as JSON to $BOTOPORT_TEST_OUT and quits. Inputs: $BOTOPORT_TEST_FILE (the
-- override to open) and $BOTOPORT_TEST_PYPROJECT (the checkout's pyproject.toml).
vim.cmd("filetype on")
local out = { diagnostics = {}, moved = false, hover = "", actions = {}, cleared = false }
local file = os.getenv("BOTOPORT_TEST_FILE")
local pyproject = os.getenv("BOTOPORT_TEST_PYPROJECT")

local function messages()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(found, { line = d.lnum, message = d.message })
  end
  return found
end

local function with_words(words)
  return function()
    for _, d in ipairs(vim.diagnostic.get(0)) do
      if d.message:find(words, 1, true) then
        return true
      end
    end
    return false
  end
end

local function finish()
  local handle = io.open(os.getenv("BOTOPORT_TEST_OUT"), "w")
  handle:write(vim.fn.json_encode(out))
  handle:close()
  vim.cmd("qall!")
end

vim.cmd("edit " .. file)
if not vim.wait(60000, with_words("1.0.1 -> 1.0.2"), 100) then
  out.error = "no diagnostics"
  return finish()
end
out.diagnostics = messages()

-- The bound moves while the editor runs: Neovim 0.7 neither watches nor opens pyproject.toml.
local text = table.concat(vim.fn.readfile(pyproject), "\n") .. "\n"
local handle = io.open(pyproject, "w")
handle:write((text:gsub("< 1.0.3", "< 1.0.4")))
handle:close()
out.moved = vim.wait(10000, with_words("1.0.1 -> 1.0.3"), 100)

local line = out.diagnostics[1].line
local position = { line = line, character = 10 }
local document = { uri = vim.uri_from_bufnr(0) }
local hover = vim.lsp.buf_request_sync(0, "textDocument/hover", { textDocument = document, position = position }, 10000)
for _, answer in pairs(hover or {}) do
  if answer.result and answer.result.contents then
    out.hover = answer.result.contents.value or ""
  end
end

local params = { textDocument = document, range = { start = position, ["end"] = position }, context = { diagnostics = {} } }
local answers = vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 10000)
for _, answer in pairs(answers or {}) do
  for _, action in ipairs(answer.result or {}) do
    table.insert(out.actions, action.title)
    if action.title:find("apply botocore's change", 1, true) and action.edit then
      vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
    end
  end
end
out.cleared = vim.wait(30000, function()
  return #vim.diagnostic.get(0) == 0
end, 100)
out.text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
finish()
