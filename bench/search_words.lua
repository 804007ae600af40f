-- wrk script: each request searches the public status list for one of many words, common and
-- rare, early and late in the alphabet, on page 1, 2 or 3 in a random order, so no single
-- query's path stands for all of them.
--   wrk -s bench/search_words.lua URL
local paths = {}
local words = { "care", "home", "house", "lodge", "court", "oak", "rose", "green", "park",
  "manor", "view", "hall", "surgery", "pharmacy", "trust", "support", "living", "st john",
  "ash", "well" }

function init(args)
  for _, word in ipairs(words) do
    for page = 1, 3 do
      paths[#paths + 1] = "/status?q=" .. word:gsub(" ", "+") .. "&page=" .. page
    end
  end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
