"""The one StreamField vocabulary every page of every site uses ("one standard")."""

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

__all__ = ["BaseStreamBlock"]

RICH_TEXT_FEATURES = [
    "h2", "h3", "h4", "bold", "italic", "ol", "ul", "hr", "link",
    "document-link", "superscript", "subscript",
]  # fmt: skip


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="标题文字", max_length=200)
    level = blocks.ChoiceBlock(
        label="级别",
        choices=[("h2", "二级标题"), ("h3", "三级标题"), ("h4", "四级标题")],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = "小标题"
        template = "blocks/heading_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="文件")
    title = blocks.CharBlock(label="显示名称", required=False)

    class Meta:
        icon = "doc-full"
        label = "附件链接"
        template = "blocks/document_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label="正文段落",
        features=RICH_TEXT_FEATURES,
        template="blocks/paragraph_block.html",
    )
    image = ImageBlock(label="图片", template="blocks/image_block.html")
    table = TypedTableBlock(
        [
            ("text", blocks.CharBlock(label="文字")),
            ("numeric", blocks.DecimalBlock(label="数字")),
            (
                "rich_text",
                blocks.RichTextBlock(label="富文本", features=["bold", "link"]),
            ),
        ],
        label="表格",
        template="blocks/table_block.html",
    )
    document = DocumentBlock()
    quote = blocks.BlockQuoteBlock(label="引用", template="blocks/quote_block.html")
