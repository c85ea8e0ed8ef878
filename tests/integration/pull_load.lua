-- pull_load.lua - wrk: POST /query, a pull query by a random key of the USERS table (0370).
math.randomseed(os.time())
local rows = tonumber(os.getenv("SL_LOAD_ROWS") or "1000000")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/vnd.ksql.v1+json"
request = function()
    local id = math.random(0, rows - 1)
    return wrk.format(nil, "/query", nil, '{"ksql":"SELECT * FROM users WHERE id = ' .. id .. ';"}')
end
