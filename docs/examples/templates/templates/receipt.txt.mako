Order ${order_id | h}
% for line in lines:
- ${line["item"] | h}: ${line["quantity"]}
% endfor
Track it at ${url_for("order", order_id=order_id)}
Signed by ${signature()}
