#include "core/shop/items.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base/text.h"
#include "core/shop/parse.h"

#define ID_MAX (OLC_PRODUCT_ID_MAX + 1)

bool olc_shop_read_products(const json_t *list, const char *currency, const struct olc_product_reader *reader,
			    struct olc_catalog *out, struct olc_parse_report *report, struct olc_error *err)
{
	size_t repeats = 0;
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *item = json_array_get(list, i);
		char id[ID_MAX], shown[OLC_EXCERPT_LEN], name[OLC_EXCERPT_LEN + 48];
		struct olc_product p;
		struct olc_error why;

		/* An atomic load per product: a session stopping mid-catalog does not wait for the rest. */
		if (olc_cancel_is_set(reader->cancel)) {
			olc_error_set(err, "stopped before the catalog was read");
			return false;
		}
		if (!json_is_object(item)) {
			olc_parse_report_reject(report, "product %zu: expected an object ({...}), found %s", i + 1,
						olc_json_kind(item));
			continue;
		}
		if (!reader->read_id(item, id, sizeof(id), &why)) {
			olc_parse_report_reject(report, "product %zu: %s", i + 1, why.text);
			continue;
		}
		snprintf(name, sizeof(name), reader->quoted_ids ? "product %zu (\"%s\")" : "product %zu (id %s)", i + 1,
			 olc_error_excerpt(shown, sizeof(shown), id));
		if (olc_catalog_find(out, id)) {
			olc_parse_report_reject(report, "%s: the id is used by an earlier product", name);
			repeats++;
			continue;
		}
		olc_product_init(&p);
		if (!reader->read_product(item, currency, id, &p, &why) || !olc_catalog_take(out, &p, &why)) {
			olc_parse_report_reject(report, "%s: %s", name, why.text);
			olc_product_free(&p);
			continue;
		}
		report->accepted++;
	}

	/* Every product failed: more likely a changed API than a bad catalog. Keep the last good one. */
	if (report->accepted == 0 && report->rejected > (reader->paged ? repeats : 0)) {
		olc_error_set(err, "no product could be read; the first problem: %s", report->first_rejection.text);
		return false;
	}
	return true;
}

bool olc_shop_product_set(struct olc_product *p, const char *id, const char *title, const char *url, const char *image,
			  const struct olc_money *price, const struct olc_money *compare, struct olc_error *err)
{
	if (!olc_str_set(&p->id, id) || !olc_str_set(&p->title, title) ||
	    !olc_str_set(&p->url, olc_shop_web_url(url)) || !olc_str_set(&p->image_url, olc_shop_web_url(image))) {
		olc_error_set(err, "out of memory");
		return false;
	}
	p->price = *price;
	p->has_compare_at = compare && compare->minor > price->minor;
	if (p->has_compare_at)
		p->compare_at = *compare;
	return true;
}

bool olc_shop_order_line(struct olc_order *o, const char *product_id, int64_t quantity, struct olc_error *err)
{
	if (quantity < 1 || quantity > INT_MAX) {
		olc_error_set(err, "\"quantity\" %lld is not a count of 1 or more", (long long)quantity);
		return false;
	}
	if (!olc_str_set(&o->product_id, product_id)) {
		olc_error_set(err, "out of memory");
		return false;
	}
	o->quantity = (int)quantity;
	return true;
}

bool olc_shop_read_order_lines(const json_t *lines, const struct olc_order_head *head, const char *currency,
			       olc_order_line_reader read_line, struct olc_order_list *out,
			       struct olc_parse_report *report)
{
	for (size_t i = 0; i < json_array_size(lines); i++) {
		struct olc_order o;
		struct olc_error why;
		char line_id[ID_MAX + 24];
		if (i == 0)
			snprintf(line_id, sizeof(line_id), "%s", head->id);
		else
			snprintf(line_id, sizeof(line_id), "%s#%zu", head->id, i + 1);

		olc_order_init(&o);
		if (!read_line(json_array_get(lines, i), currency, &o, &why)) {
			olc_parse_report_reject(report, "order %zu (id %s), line %zu: %s", head->index + 1, head->shown,
						i + 1, why.text);
			olc_order_free(&o);
			continue;
		}
		o.created_at_ms = head->created_ms;
		o.test = head->test;
		if (!olc_str_set(&o.id, line_id) || !olc_str_set(&o.buyer, head->buyer) ||
		    !olc_str_set(&o.city, head->city) || !olc_order_list_take(out, &o)) {
			olc_order_free(&o);
			return false;
		}
		report->accepted++;
	}
	return true;
}

json_t *olc_shop_id_json(const char *id)
{
	size_t n = strlen(id);
	bool number = n > 0 && n <= 19 && (id[0] != '0' || n == 1) &&
		      (n < 19 || strcmp(id, "9223372036854775807") <= 0); /* at most INT64_MAX */
	for (size_t i = 0; number && i < n; i++)
		number = id[i] >= '0' && id[i] <= '9';
	return number ? json_integer((json_int_t)strtoll(id, NULL, 10)) : json_string(id);
}

void olc_parse_report_merge(struct olc_parse_report *into, const struct olc_parse_report *page)
{
	if (page->rejected > 0 && into->rejected == 0)
		into->first_rejection = page->first_rejection;
	into->accepted += page->accepted;
	into->rejected += page->rejected;
}

void olc_sku_summary_init(struct olc_sku_summary *s)
{
	memset(s, 0, sizeof(*s));
}

bool olc_sku_summary_add(struct olc_sku_summary *s, const struct olc_money *price, bool has_stock, int64_t stock,
			 struct olc_error *err)
{
	if (s->count > 0 && !olc_money_same_currency(&s->lowest, price)) {
		olc_error_set(err, "SKU %zu is priced in %s, the first in %s", s->count + 1, price->currency,
			      s->lowest.currency);
		return false;
	}
	if (has_stock && ((stock > 0 && s->stock > INT64_MAX - stock) || (stock < 0 && s->stock < INT64_MIN - stock))) {
		olc_error_set(err, "the stock of the product's SKUs adds up past what can be counted");
		return false;
	}
	if (s->count == 0 || price->minor < s->lowest.minor) {
		s->prices_differ = s->count > 0;
		s->lowest = *price;
	} else if (price->minor != s->lowest.minor) {
		s->prices_differ = true;
	}
	if (has_stock)
		s->stock += stock;
	else
		s->untracked = true;
	s->count++;
	return true;
}

bool olc_sku_summary_apply(const struct olc_sku_summary *s, struct olc_product *p, struct olc_error *err)
{
	if (s->count == 0) {
		olc_error_set(err, "the product has no SKU with a price");
		return false;
	}
	p->price = s->lowest;
	p->price_from = s->prices_differ;
	p->has_stock = !s->untracked;
	p->stock = s->untracked ? 0 : s->stock;
	return true;
}
