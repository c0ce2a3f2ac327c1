// The ticker's data as a web overlay gets it: a timer that, once a second, does what a page
// polling a shop does with a new order (here made up locally: the page loads nothing), and adds
// a row that slides in; the card's stock line follows the orders. No network, no frameworks.
'use strict';

const buyers = ['张**', '李**', '王**', '刘**', '陈**', '杨**', '赵**', '黄**', '周**', '吴**'];
const cities = ['成都', '昆明', '拉萨', '西宁', '乌鲁木齐', '重庆', '上海', '北京', '广州', '杭州'];
const products = [
  ['松茸', 3], ['虫草', 5], ['牦牛酥油', 7], ['普洱茶饼', 2], ['玫瑰花酱', 8], ['青稞', 4],
];
const MAX_ROWS = 6;
const cartSvg =
  '<svg viewBox="0 0 48 40" aria-hidden="true"><path d="M2 4h8l6 22h24l5-16H13" fill="none" ' +
  'stroke="#fff" stroke-width="5" stroke-linejoin="round" stroke-linecap="round"/>' +
  '<circle cx="19" cy="34" r="4" fill="#fff"/><circle cx="37" cy="34" r="4" fill="#fff"/></svg>';

const ticker = document.getElementById('ticker');
const stockFill = document.getElementById('stock-fill');
const stockText = document.getElementById('stock-text');
let seq = 0;
const FULL_STOCK = 12;
let stock = 5;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function addOrder(order) {
  const row = el('div', 'row');
  const icon = el('span', 'icon');
  icon.innerHTML = cartSvg;
  row.append(icon, el('span', 'buyer', order.buyer), el('span', 'sep', '·'), el('span', 'city', order.city),
    el('span', 'sep', '·'), el('span', 'qty', order.qty + ' ×'), el('span', 'product', order.product),
    el('span', 'number', '(#' + order.number + ')'));
  ticker.append(row);
  // Keep MAX_ROWS: the oldest fades out and is removed when its animation ends.
  const live = ticker.querySelectorAll('.row:not(.leaving)');
  if (live.length > MAX_ROWS) {
    const old = live[0];
    old.classList.add('leaving');
    old.addEventListener('animationend', () => old.remove(), { once: true });
  }
}

function nextOrder() {
  const i = seq++;
  const [product, number] = i % 3 === 0 ? products[0] : products[(i * 7) % products.length];
  return { buyer: buyers[(i * 3) % buyers.length], city: cities[(i * 7) % cities.length], qty: 1 + (i % 3), product, number };
}

function tick() {
  const order = nextOrder();
  addOrder(order);
  if (order.product === '松茸') {
    stock = stock > order.qty ? stock - order.qty : FULL_STOCK; // restocked, so it runs forever
    stockText.textContent = '仅剩 ' + stock + ' 件';
    stockFill.style.width = Math.max(4, (stock / FULL_STOCK) * 100) + '%';
  }
}

// Start with a full stack, as an overlay that has been on air for a while.
for (let k = 0; k < MAX_ROWS; k++) addOrder(nextOrder());
setInterval(tick, 1000);
