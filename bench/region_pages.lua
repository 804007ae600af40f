-- wrk script: each request asks for a different view of a region's organisation table (every
-- sort, both directions, pages 1 to PAGES in a random order), so dashboard bodies kept between
-- requests rarely help: this measures the work of making the page.
--   wrk -s bench/region_pages.lua URL -- PAGES
local paths = {}

function init(args)
  local pages = tonumber(args[1] or "100")
  local base = wrk.path
  for _, sort in ipairs({ "name", "type", "size", "status", "published", "expires" }) do
    for _, dir in ipairs({ "asc", "desc" }) do
      for page = 1, pages do
        paths[#paths + 1] = base .. "?sort=" .. sort .. "&dir=" .. dir .. "&page=" .. page
      end
    end
  end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
