// shop-server.h: runs the test shop (tests/shop-server/server.mjs, a real HTTP and HTTPS server
// on loopback) for one test, and drives its control endpoints. Header-only; shared by the
// transport, provider and session tests. Needs OLC_SHOP_SERVER (the script's path, set by
// tests/unit/CMakeLists.txt) and node at /usr/bin/node (or $OLC_NODE).
//
//   ShopServer shop;                              // starts the server, waits for it to listen
//   ASSERT_TRUE(shop.ok()) << shop.error();
//   shop.http_url("/json")                        // "http://127.0.0.1:PORT/json"
//   shop.https_url("/json")                       // "https://127.0.0.1:PORT/json"; trust shop.ca_file()
//   shop.http_url("/json", "localhost")           // the same server under another host name
//   ShopServer::woo_key, woo_secret, shopify_token   // the credentials it accepts (and
//   ShopServer::shopify_client_id, shopify_client_secret  // a Dev Dashboard app's)
//   shop.add_order("101", 2, "Li", "大理")         // an order in every shape; stock goes down
//   shop.set_fault("hang", "/json")               // a fault for requests under a path prefix;
//   shop.set_fault("500", "", 1)                  //   count > 0: only the next count requests;
//   shop.set_fault("429", "", -1, "Wed, 21 Oct 2037 07:28:00 GMT")   // custom Retry-After
//   shop.clear_fault();  shop.reset();            // back to normal / to the start (log cleared)
//   shop.control("POST", "/_control/product", R"({"id":101,"stock":5})")   // any control call
//   shop.requests()                               // what the server saw: std::vector<ShopRequest>
//   shop.requests_to("/json/products")            // only those with this path
//   shop.wait_request(RequestMatch("/json/orders", "since"))   // waits until the server has seen
//                                                 //   such a request (held: status "hang", unanswered:
//                                                 //   "open", closed: true); false after the timeout
//
// Every control call returns false (and error() says why) when the server did not answer 200.
// The server exits when the ShopServer is destroyed: its stdin closes. A test that crashes
// closes that pipe too, so no server is ever left running.
#pragma once

#include <jansson.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern "C" char **environ;

#ifndef OLC_SHOP_SERVER
#error "OLC_SHOP_SERVER must name tests/shop-server/server.mjs (see tests/unit/CMakeLists.txt)"
#endif

// One request as the server logged it.
struct ShopRequest {
	std::string method;
	std::string path;                         // without the query
	std::string target;                       // the request line's target: path and query as sent, secret values
						  // reading "(present)" (their names stay)
	std::map<std::string, std::string> query; // secrets (consumer_key, consumer_secret, token) read "(present)"
	std::string host;                         // the Host header
	bool tls = false;
	std::string if_none_match; // empty when absent
	std::string if_modified_since;
	std::string authorization;  // "basic", "bearer", "other", or empty when absent
	std::string basic;          // Basic credentials: "valid" (the WooCommerce keys), "wrong", or empty
	bool shopify_token = false; // X-Shopify-Access-Token present
	std::string user_agent;
	std::string body;       // the first 4 KiB of a GraphQL POST body
	int status = 0;         // 0 while unanswered; -1 for a request held by the "hang" fault
	int64_t bytes_sent = 0; // body bytes the server wrote
	bool finished = false;  // the whole answer was written
	bool closed = false;    // the exchange is over (answered, or the connection closed)
	int64_t seq = 0;        // the server's number for it, counting from 1
};

// What wait_request waits for; empty fields match anything.
struct RequestMatch {
	std::string path;       // exact, without the query
	std::string query;      // a query key the request has ("since", "wait")
	std::string status;     // "hang": held by the hang fault; "open": not answered yet
	bool closed = false;    // the exchange is over
	int64_t after_seq = 0;  // only requests the server numbered after this one
	int timeout_ms = 10000; // the server answers 408 after this (at most 60 s)

	explicit RequestMatch(std::string path_ = "", std::string query_ = "", std::string status_ = "")
	    : path(std::move(path_)), query(std::move(query_)), status(std::move(status_))
	{
	}
	RequestMatch &once_closed()
	{
		closed = true;
		return *this;
	}
	RequestMatch &after(int64_t seq)
	{
		after_seq = seq;
		return *this;
	}
};

class ShopServer {
      public:
	static constexpr const char *woo_key = "ck_test_5f1c0ffee0ddba11";
	static constexpr const char *woo_secret = "cs_test_9d2b7e41a0c3f6";
	static constexpr const char *shopify_token = "shpat_test_0a1b2c3d4e5f";
	// A Dev Dashboard app's, for the client-credentials grant (POST /admin/oauth/access_token).
	static constexpr const char *shopify_client_id = "b7c1d2e3f4a5968778695a4b3c2d1e0f";
	static constexpr const char *shopify_client_secret = "shpss_test_7e6d5c4b3a29180f";

	ShopServer() { start(); }
	~ShopServer() { stop(); }
	ShopServer(const ShopServer &) = delete;
	ShopServer &operator=(const ShopServer &) = delete;

	bool ok() const { return http_port_ > 0; }
	const std::string &error() const { return error_; }
	int http_port() const { return http_port_; }
	int https_port() const { return https_port_; }
	const std::string &ca_file() const { return ca_file_; }

	std::string http_url(const std::string &path = "", const std::string &host = "127.0.0.1") const
	{
		return "http://" + host + ":" + std::to_string(http_port_) + path;
	}
	std::string https_url(const std::string &path = "", const std::string &host = "127.0.0.1") const
	{
		return "https://" + host + ":" + std::to_string(https_port_) + path;
	}

	// total "" is the price times the quantity; otherwise the json shape reports this text as the
	// line's total, as it is (a hostile shop's "-1.00" or "50000000000000000.00").
	bool add_order(const std::string &product_id, int quantity, const std::string &buyer = "Li",
		       const std::string &city = "大理", const std::string &total = "")
	{
		json_t *body = json_pack("{s:s, s:i, s:s, s:s}", "product_id", product_id.c_str(), "quantity", quantity,
					 "buyer", buyer.c_str(), "city", city.c_str());
		if (!total.empty())
			json_object_set_new(body, "total", json_string(total.c_str()));
		bool ok = post_json("/_control/order", body);
		json_decref(body);
		return ok;
	}

	// path_prefix "" means every path; count -1 means until cleared; retry_after "" keeps "2".
	bool set_fault(const std::string &mode, const std::string &path_prefix = "", int count = -1,
		       const std::string &retry_after = "")
	{
		json_t *body = json_pack("{s:s}", "mode", mode.c_str());
		if (!path_prefix.empty())
			json_object_set_new(body, "path_prefix", json_string(path_prefix.c_str()));
		if (count > 0)
			json_object_set_new(body, "count", json_integer(count));
		if (!retry_after.empty())
			json_object_set_new(body, "retry_after", json_string(retry_after.c_str()));
		bool ok = post_json("/_control/fault", body);
		json_decref(body);
		return ok;
	}
	bool clear_fault() { return set_fault("none"); }
	bool reset() { return control("POST", "/_control/reset", "{}"); }

	// Any control call; *response receives the answer's body.
	bool control(const std::string &method, const std::string &path, const std::string &body,
		     std::string *response = nullptr)
	{
		int status = 0;
		std::string answer;
		if (!exchange(method, path, body, &status, &answer))
			return false;
		if (response)
			*response = answer;
		if (status != 200) {
			error_ = path + " answered " + std::to_string(status) + ": " + answer;
			return false;
		}
		return true;
	}

	std::vector<ShopRequest> requests()
	{
		std::vector<ShopRequest> result;
		std::string text;
		if (!control("GET", "/_control/requests", "", &text))
			return result;
		json_error_t parse_error;
		json_t *list = json_loadb(text.data(), text.size(), 0, &parse_error);
		size_t i;
		json_t *item;
		json_array_foreach(list, i, item)
		{
			result.push_back(parse_request(item));
		}
		json_decref(list);
		return result;
	}

	// Blocks until the server has logged a request that matches (the server itself waits for it:
	// no polling, no guessed sleep). *seen receives it. False (error() says why) on the timeout.
	bool wait_request(const RequestMatch &m, ShopRequest *seen = nullptr)
	{
		json_t *body =
			json_pack("{s:I, s:i}", "after_seq", (json_int_t)m.after_seq, "timeout_ms", m.timeout_ms);
		if (!m.path.empty())
			json_object_set_new(body, "path", json_string(m.path.c_str()));
		if (!m.query.empty())
			json_object_set_new(body, "query", json_string(m.query.c_str()));
		if (!m.status.empty())
			json_object_set_new(body, "status", json_string(m.status.c_str()));
		if (m.closed)
			json_object_set_new(body, "closed", json_true());
		char *text = json_dumps(body, JSON_COMPACT);
		json_decref(body);
		std::string answer;
		bool ok = text && control("POST", "/_control/wait-request", text, &answer);
		free(text);
		if (ok && seen) {
			json_error_t parse_error;
			json_t *item = json_loadb(answer.data(), answer.size(), 0, &parse_error);
			*seen = parse_request(item);
			json_decref(item);
		}
		return ok;
	}

	std::vector<ShopRequest> requests_to(const std::string &path)
	{
		std::vector<ShopRequest> matching;
		for (const ShopRequest &r : requests()) {
			if (r.path == path)
				matching.push_back(r);
		}
		return matching;
	}

      private:
	pid_t pid_ = -1;
	int to_server_ = -1;
	int from_server_ = -1;
	int http_port_ = 0;
	int https_port_ = 0;
	std::string ca_file_;
	std::string error_;

	static std::string str(json_t *object, const char *key)
	{
		const char *value = json_string_value(json_object_get(object, key));
		return value ? value : "";
	}

	static ShopRequest parse_request(json_t *item)
	{
		ShopRequest r;
		r.method = str(item, "method");
		r.path = str(item, "path");
		r.target = str(item, "target");
		const char *key;
		json_t *value;
		json_object_foreach(json_object_get(item, "query"), key, value)
		{
			if (json_is_string(value))
				r.query[key] = json_string_value(value);
		}
		r.host = str(item, "host");
		r.tls = json_is_true(json_object_get(item, "tls"));
		r.if_none_match = str(item, "if_none_match");
		r.if_modified_since = str(item, "if_modified_since");
		r.authorization = str(item, "authorization");
		r.basic = str(item, "basic");
		r.shopify_token = json_is_true(json_object_get(item, "shopify_token"));
		r.user_agent = str(item, "user_agent");
		r.body = str(item, "body");
		json_t *status = json_object_get(item, "status");
		r.status = json_is_integer(status) ? (int)json_integer_value(status) : json_is_string(status) ? -1 : 0;
		r.bytes_sent = json_integer_value(json_object_get(item, "bytes_sent"));
		r.finished = json_is_true(json_object_get(item, "finished"));
		r.closed = json_is_true(json_object_get(item, "closed"));
		r.seq = json_integer_value(json_object_get(item, "seq"));
		return r;
	}

	void start()
	{
		const char *node = getenv("OLC_NODE");
		if (!node || !*node)
			node = "/usr/bin/node";

		int in[2], out[2];
		if (pipe2(in, O_CLOEXEC) != 0) {
			error_ = "pipe failed";
			return;
		}
		if (pipe2(out, O_CLOEXEC) != 0) {
			close(in[0]);
			close(in[1]);
			error_ = "pipe failed";
			return;
		}
		posix_spawn_file_actions_t actions;
		posix_spawn_file_actions_init(&actions);
		posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
		posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
		const char *argv[] = {node, OLC_SHOP_SERVER, "--port", "0", "--tls-port", "0", nullptr};
		int rc = posix_spawn(&pid_, node, &actions, nullptr, const_cast<char *const *>(argv), environ);
		posix_spawn_file_actions_destroy(&actions);
		close(in[0]);
		close(out[1]);
		to_server_ = in[1];
		from_server_ = out[0];
		if (rc != 0) {
			pid_ = -1;
			error_ = std::string("could not start ") + node + ": " + strerror(rc);
			return;
		}

		std::string line;
		auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
		while (line.find('\n') == std::string::npos) {
			auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
				deadline - std::chrono::steady_clock::now());
			struct pollfd p = {from_server_, POLLIN, 0};
			if (left.count() <= 0 || poll(&p, 1, (int)left.count()) <= 0) {
				error_ = "the shop server did not start within 20 s";
				return;
			}
			char buf[512];
			ssize_t n = read(from_server_, buf, sizeof(buf));
			if (n <= 0) {
				error_ = "the shop server exited before listening (see its stderr)";
				return;
			}
			line.append(buf, (size_t)n);
		}

		json_error_t parse_error;
		json_t *ready = json_loadb(line.data(), line.find('\n'), 0, &parse_error);
		if (!ready) {
			error_ = "the shop server's first line is not JSON: " + line;
			return;
		}
		https_port_ = (int)json_integer_value(json_object_get(ready, "https"));
		ca_file_ = str(ready, "ca");
		http_port_ = (int)json_integer_value(json_object_get(ready, "http"));
		json_decref(ready);
	}

	void stop()
	{
		if (to_server_ >= 0)
			close(to_server_);
		if (pid_ > 0) {
			// The server exits when its stdin closes; its stdout reaching end of file is that
			// exit. Up to 2 s, then it is killed.
			auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
			bool eof = from_server_ < 0;
			while (!eof) {
				auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
					deadline - std::chrono::steady_clock::now());
				struct pollfd p = {from_server_, POLLIN, 0};
				if (left.count() <= 0 || poll(&p, 1, (int)left.count()) <= 0)
					break;
				char buf[512];
				eof = read(from_server_, buf, sizeof(buf)) <= 0;
			}
			int status;
			if (!eof || waitpid(pid_, &status, WNOHANG) != pid_) {
				if (!eof)
					kill(pid_, SIGKILL);
				waitpid(pid_, &status, 0);
			}
		}
		if (from_server_ >= 0)
			close(from_server_);
	}

	bool post_json(const std::string &path, json_t *body)
	{
		char *text = json_dumps(body, JSON_COMPACT);
		bool ok = text && control("POST", path, text);
		free(text);
		return ok;
	}

	// A minimal HTTP/1.1 exchange with Connection: close, independent of the transport under test.
	bool exchange(const std::string &method, const std::string &path, const std::string &body, int *status,
		      std::string *answer)
	{
		if (!ok()) {
			error_ = "the shop server is not running";
			return false;
		}
		int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			error_ = "socket failed";
			return false;
		}
		// Longer than the longest wait-request (60 s), which the server ends itself.
		struct timeval timeout = {70, 0};
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
		struct sockaddr_in addr = {};
		addr.sin_family = AF_INET;
		addr.sin_port = htons((uint16_t)http_port_);
		addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
			close(fd);
			error_ = "could not connect to the shop server";
			return false;
		}
		std::string request =
			method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
			"Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
			"\r\n\r\n" + body;
		for (size_t sent = 0; sent < request.size();) {
			ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
			if (n <= 0) {
				close(fd);
				error_ = "could not send to the shop server";
				return false;
			}
			sent += (size_t)n;
		}
		std::string reply;
		char buf[16384];
		ssize_t n;
		while ((n = recv(fd, buf, sizeof(buf), 0)) > 0)
			reply.append(buf, (size_t)n);
		close(fd);

		size_t split = reply.find("\r\n\r\n");
		if (reply.compare(0, 9, "HTTP/1.1 ") != 0 || split == std::string::npos) {
			error_ = "the shop server's answer to " + path + " is not HTTP";
			return false;
		}
		*status = atoi(reply.c_str() + 9);
		*answer = reply.substr(split + 4);
		return true;
	}
};
