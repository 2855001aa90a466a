"""zh_Hans of the supplier area and the welfare-rules page (merged into the market catalog by i18n_zh)."""

ZH_SUPPLY = {
    "Supplier workbench": "供应商工作台", "My products": "我的商品", "My flash sales": "我的抢购",
    "Sales and orders": "销售与订单", "Settlement statements": "结算对账单",
    "%(n)s sessions": "共 %(n)s 场",
    "A flash sale of your product runs in one or more sessions that share the stock and the per-member limit; the members of your union and the unions below it buy.":
        "商品的限时抢购可分一个或多个场次，各场次共用库存和每人限购数量；所属工会及下级工会的会员可以购买。",
    "After the union confirms": "工会确认后可下载", "Amount due (yuan)": "应结金额（元）",
    "Amount paid (yuan)": "已付款金额（元）", "Back to my products": "返回我的商品",
    "Charged to unions (yuan)": "工会已扣款（元）", "Create the flash sale": "创建抢购", "Cycle state": "周期状态",
    "Delivery list": "配送单", "Flash price (yuan)": "抢购价（元）", "Flash sale no. %(n)s created.": "已创建第 %(n)s 号抢购。",
    "Flash-sale orders": "抢购订单", "Group orders of unions": "工会团购", "Limit per member": "每人限购",
    "New flash sale": "新建限时抢购", "No flash sales of your products yet.": "您的商品还没有限时抢购。",
    "No group orders for your products yet.": "您的商品还没有工会团购。", "No photos yet.": "还没有照片。",
    "No products yet. Add the first one.": "还没有商品，请新增第一个商品。",
    "No statements yet: a statement appears once a union confirms a cycle of your products.":
        "还没有对账单：工会确认您商品的团购周期后，这里会出现对账单。",
    "Orders": "订单数",
    "Orders of your flash sales: awaiting payment, paid, and released because they were not paid in time.":
        "您商品的抢购订单：待付款、已付款，以及超时未付款而释放的数量。",
    "Product name": "商品名称", "Purchase order": "采购单", "Purchase order and delivery list": "采购单和配送单",
    "Put a product on sale first: only products on sale can go into a flash sale.": "请先将商品上架：只有在售商品才能参加限时抢购。",
    "Read only. Each union is charged for its order; union staff settle the cycle with you, and the person who settles must not be the one who confirmed the cycle.":
        "仅供查看。各工会为自己的团购单扣款；由工会工作人员与您结算，结算人不得是确认该周期的人（双人复核）。",
    "Paid by members": "已付款", "Released": "超时释放", "Sale state": "抢购状态", "Selling now": "抢购中", "Session %(n)s ends": "第 %(n)s 场结束",
    "Session %(n)s starts": "第 %(n)s 场开始", "Settled (yuan)": "已结算（元）", "Settled on": "结算日期",
    "Stock for the sale": "抢购库存", "The lists are ready once the union has confirmed the cycle.": "工会确认团购周期后才能下载采购单和配送单。",
    "Unions ordering": "下单工会数", "Units ordered": "订购数量",
    "Units per group-order cycle. Once the union confirms the cycle, the purchase order and the delivery list addressed to you can be downloaded; members' names stay with the unions.":
        "按团购周期统计的数量。工会确认周期后，可下载发给您的采购单和配送单；会员姓名只留在工会。",
    "Units to deliver": "应配送数量",
    "You see and change only your own products; a union sells them in flash sales and group orders.":
        "您只能查看和修改本供应商的商品；工会通过限时抢购和团购销售这些商品。",
    # welfare rules page
    "A new version is in force; the old one is kept for the orders that cite it.": "新版本已生效；旧版本保留，供引用它的订单查阅。",
    "Allowed festivals (none ticked: all seven national festivals)": "允许发放慰问品的节日（都不勾选即全总规定的七个节日）",
    "Any other festival": "其他节日（每个）", "Back to the rules": "返回规则列表", "Birthday cap (yuan)": "生日慰问上限（元）",
    "Cap per festival (yuan, optional)": "单个节日上限（元，可不填）", "Cited": "已被引用",
    "Festival-gift cap (yuan)": "节日慰问上限（元）",
    "Festival-gift cap per member per year (yuan)": "节日慰问品每人每年上限（元）",
    "Festival-gift caps, allowed festivals, birthday and life-event caps and the poverty-purchase share, per province or city and year (全总 2014 notice; each province sets the figures). A city row overrides only what it states. Admins of the provincial or city federation owning a region keep its rules; a version already cited by a group order or a recorded purchase is never changed: saving it makes a new version.":
        "节日慰问上限、允许的节日、生日及婚丧病慰问上限和消费扶贫采购比例，按省或市、按年度设置（依据全总 2014 年通知，具体标准由各省规定）。市级规则只覆盖它填写的项目。由该地区所属省级或市级总工会的管理员维护；已被团购单或福利采购登记引用的版本不会被修改，保存时另立新版本。",
    "Group orders or recorded purchases cite this version, so it is not changed in place: give a new version number and save, and the new version takes over.":
        "已有团购单或福利采购登记引用此版本，因此不能原地修改：请填写新的版本号并保存，新版本随即生效。",
    "In force": "现行", "In force from": "施行日期", "in force from": "施行日期",
    "Life-event gift caps per member per event (yuan, optional)": "婚丧病慰问每人每次上限（元，可不填）",
    "New rule": "新增规则", "New version": "另立新版本",
    "No welfare-spending rules for your regions yet.": "您所在地区还没有福利支出规则。", "Over a cap": "超限处理",
    "Per worker (yuan)": "每名职工（元）", "Poverty purchases outside the cap (yuan)": "消费扶贫另计额度（元）",
    "Poverty purchases per worker per year (yuan)": "每名职工每年扶贫采购额（元）",
    "Poverty-purchase share": "扶贫采购比例", "Poverty-purchase share in percent": "扶贫采购比例（百分比）",
    "Region": "地区", "Region name": "地区名称", "Region, region code or version": "地区、地区代码或版本号",
    "Replaced": "已被取代", "Rule for the next year from these figures": "以此为基础设置下一年度规则",
    "Rule saved.": "规则已保存。", "Rule state": "状态", "Rule version": "规则版本",
    "Save as a new version": "另存为新版本", "Source document": "依据文件",
    "This version was replaced on %(d)s; it is kept for the orders and purchases that cite it and cannot be changed.":
        "此版本已于 %(d)s 被取代；为引用它的订单和采购登记保留，不能修改。",
    "in force from %(d)s": "%(d)s 起施行", "Versions": "版本", "Versions in force": "仅现行版本", "Welfare-spending rules": "福利支出规则",
    "When a cap is exceeded": "超出上限时", "With replaced versions": "含已被取代的版本", "per festival": "按节日",
}
